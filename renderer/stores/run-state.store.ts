import { create } from 'zustand';
import { runsContract, type RunEvent } from '../../shared/contracts/runs.contract';
import { workspaceContract } from '../../shared/contracts/workspace.contract';
import type { PipelineDocument } from '../../shared/pipeline/document';
import { upstreamOf } from '../../shared/pipeline/graph';
import { api, transport } from '../client/api';
import { subscribe } from '../client/create-client';
import { shownError } from './errors';
import { usePipelineEditorStore } from './pipeline-editor.store';
import { applyRunEvent, emptyRunView, viewFromRuns, type NodeRunInfo } from './run-events';

export type { NodeOutput, NodeRunError, NodeRunInfo, NodeRunStatus } from './run-events';

interface RunStateStore {
  nodes: Record<string, NodeRunInfo>;
  logs: Record<string, string[]>;
  runId: string | null;
  running: boolean;
  /** The pipeline the state belongs to; another pipeline's events and outputs are not mixed in. */
  path: string | null;
  /** Why the last run could not start (an invalid pipeline), for the toolbar to show. */
  startError: string | null;
  runAll(): Promise<void>;
  runStale(): Promise<void>;
  runNode(id: string): Promise<void>;
  cancel(): Promise<void>;
  loadLast(path: string): Promise<void>;
}

/** How many stored runs loadLast folds together to find each node's latest outputs. */
const RUNS_TO_FOLD = 8;

// Events of a run can arrive before runs.start answers with its id; they wait here meanwhile.
let starting = false;
let early: RunEvent[] = [];
// The document as it was when the run started: a node edited since must not be marked as ran.
let startedWith: Record<string, string> = {};

const snapshot = (doc: PipelineDocument | null): Record<string, string> =>
  Object.fromEntries(Object.entries(doc?.nodes ?? {}).map(([id, node]) => [id, JSON.stringify(node)]));

/** True when neither the node nor anything it reads has changed since the run started. */
function unchangedSinceStart(id: string): boolean {
  const doc = usePipelineEditorStore.getState().doc;
  if (!doc || !doc.nodes[id]) return false;
  const now = snapshot(doc);
  return [...upstreamOf(doc, [id])].every((n) => now[n] === startedWith[n]);
}

export const useRunStateStore = create<RunStateStore>((set, get) => {
  const start = async (opts: { nodes?: string[]; force?: boolean }) => {
    const editor = usePipelineEditorStore.getState();
    const path = editor.path;
    if (!path || get().running || starting) return;
    if (path !== get().path) set({ ...emptyRunView(), path });
    starting = true;
    early = [];
    startedWith = snapshot(editor.doc);
    set({ startError: null });
    try {
      // The engine reads the file, so what the user typed must be on disk first.
      await editor.flush();
      const { runId } = await api.runs.start({ pipeline: path, ...opts });
      set({ runId, running: true });
      const mine = early.filter((e) => e.runId === runId);
      early = [];
      for (const e of mine) follow(e);
    } catch (err) {
      set({ startError: shownError(err).message });
    } finally {
      starting = false;
      early = [];
    }
  };

  const follow = (event: RunEvent) => {
    set((s) => applyRunEvent(s, event));
    // A failure is the result of the current code too: the cell shows "failed", not "stale".
    const ran = event.type === 'nodeFinished' || (event.type === 'nodeFailed' && event.error.code !== 'cancelled');
    if (ran && unchangedSinceStart(event.nodeId)) usePipelineEditorStore.getState().markRan([event.nodeId]);
    if (event.type === 'runFinished') set({ running: false });
  };

  subscribe(runsContract, transport, (event) => {
    if (event.runId === get().runId) follow(event);
    else if (starting) early.push(event);
  });
  // Another workspace has other runs; the same pipeline path there is another file.
  subscribe(workspaceContract, transport, () => set({ ...emptyRunView(), path: null, runId: null, running: false, startError: null }));

  return {
    ...emptyRunView(),
    runId: null,
    running: false,
    path: null,
    startError: null,
    runAll: () => start({}),
    async runStale() {
      const { stale, doc } = usePipelineEditorStore.getState();
      // Nodes without current outputs (never run, failed, skipped) are run too: their cells have nothing to show.
      const nodes = get().nodes;
      const missing = (id: string) => ['idle', 'failed', 'skipped'].includes(nodes[id]?.state ?? 'idle');
      const targets = Object.keys(doc?.nodes ?? {}).filter((id) => stale.includes(id) || missing(id));
      const runnable = targets.filter((id) => doc?.nodes[id]?.use !== 'note@1');
      if (runnable.length === 0) return;
      await start({ nodes: runnable });
    },
    runNode: (id) => start({ nodes: [id] }),
    async cancel() {
      const runId = get().runId;
      if (!runId || !get().running) return;
      try {
        await api.runs.cancel({ runId });
      } catch (err) {
        set({ startError: shownError(err).message });
      }
    },
    async loadLast(path) {
      if (path !== get().path) set({ ...emptyRunView(), path, runId: null, running: false, startError: null });
      try {
        const runs = await api.runs.list({ pipeline: path, limit: RUNS_TO_FOLD });
        const details = await Promise.all(runs.map((r) => api.runs.get({ runId: r.id })));
        // A run followed live meanwhile is newer than anything stored: keep it.
        if (get().path !== path || get().running) return;
        const view = viewFromRuns(details);
        const live = runs[0]?.status === 'running' ? runs[0].id : null;
        set({ ...view, runId: live ?? get().runId, running: live !== null });
      } catch (err) {
        set({ startError: shownError(err).message });
      }
    },
  };
});

