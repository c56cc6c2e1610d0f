import type { RunDetail, RunEvent } from '../../shared/contracts/runs.contract';

export type NodeRunStatus = 'idle' | 'queued' | 'running' | 'cached' | 'done' | 'failed' | 'skipped';

export interface NodeOutput {
  artifactId: string;
  type: string;
  size: number;
}

export interface NodeRunError {
  message: string;
  traceback?: string;
  /** The error's code and details, kept so a failed validation can show its report. */
  code?: string;
  details?: unknown;
}

export interface NodeRunInfo {
  state: NodeRunStatus;
  progress?: number;
  durationMs?: number;
  error?: NodeRunError;
  outputs?: Record<string, NodeOutput>;
}

export interface RunView {
  nodes: Record<string, NodeRunInfo>;
  logs: Record<string, string[]>;
}

/** A chatty cell must not grow the renderer's memory without bound; the oldest lines go first. */
export const MAX_LOG_LINES = 2000;

export const emptyRunView = (): RunView => ({ nodes: {}, logs: {} });

function tracebackOf(details: unknown): string | undefined {
  if (typeof details !== 'object' || details === null || !('traceback' in details)) return undefined;
  const tb = details.traceback;
  return typeof tb === 'string' && tb.length > 0 ? tb : undefined;
}

export function toRunError(e: { code: string; message: string; details?: unknown }): NodeRunError {
  const traceback = tracebackOf(e.details);
  const out: NodeRunError = { message: e.message, code: e.code };
  if (traceback !== undefined) out.traceback = traceback;
  if (e.details !== undefined) out.details = e.details;
  return out;
}

function setNode(view: RunView, id: string, next: NodeRunInfo): RunView {
  return { ...view, nodes: { ...view.nodes, [id]: next } };
}

/**
 * The run state after one event of the followed run. Pure, so the store stays a thin shell and
 * the transitions are unit-tested. Outputs of a re-queued node stay visible until its new ones
 * arrive, so a re-run does not blank the notebook; a failure or skip removes them (they would lie).
 */
export function applyRunEvent(view: RunView, event: RunEvent): RunView {
  switch (event.type) {
    case 'runStarted': {
      const nodes = { ...view.nodes };
      const logs = { ...view.logs };
      for (const id of event.nodes) {
        const prev = nodes[id];
        nodes[id] = prev?.outputs ? { state: 'queued', outputs: prev.outputs } : { state: 'queued' };
        logs[id] = [];
      }
      return { nodes, logs };
    }
    case 'nodeQueued': {
      const prev = view.nodes[event.nodeId];
      return setNode(view, event.nodeId, prev?.outputs ? { state: 'queued', outputs: prev.outputs } : { state: 'queued' });
    }
    case 'nodeStarted': {
      const prev = view.nodes[event.nodeId];
      const next: NodeRunInfo = { state: 'running', progress: 0 };
      if (prev?.outputs) next.outputs = prev.outputs;
      // A retry starts its log afresh: the lines of the failed attempt would mislead.
      return { nodes: { ...view.nodes, [event.nodeId]: next }, logs: { ...view.logs, [event.nodeId]: [] } };
    }
    case 'nodeLog': {
      const lines = [...(view.logs[event.nodeId] ?? []), event.stream === 'stderr' ? `[stderr] ${event.line}` : event.line];
      return { ...view, logs: { ...view.logs, [event.nodeId]: lines.length > MAX_LOG_LINES ? lines.slice(lines.length - MAX_LOG_LINES) : lines } };
    }
    case 'nodeProgress': {
      const prev = view.nodes[event.nodeId] ?? { state: 'running' };
      return setNode(view, event.nodeId, { ...prev, progress: event.fraction });
    }
    case 'nodeFinished': {
      const outputs: Record<string, NodeOutput> = {};
      for (const [port, ref] of Object.entries(event.outputs)) outputs[port] = { artifactId: ref.artifactId, type: ref.type, size: ref.size };
      return setNode(view, event.nodeId, { state: event.cached ? 'cached' : 'done', durationMs: event.durationMs, outputs });
    }
    case 'nodeFailed': {
      // A cancelled node did not fail: it is back to idle, keeping the outputs it had before.
      if (event.error.code === 'cancelled') {
        const prev = view.nodes[event.nodeId];
        const next: NodeRunInfo = { state: 'idle', error: toRunError(event.error) };
        if (prev?.outputs) next.outputs = prev.outputs;
        return setNode(view, event.nodeId, next);
      }
      return setNode(view, event.nodeId, { state: 'failed', error: toRunError(event.error) });
    }
    case 'nodeSkipped':
      return setNode(view, event.nodeId, { state: 'skipped', error: { message: event.reason } });
    case 'runFinished': {
      // Nodes a cancelled run never reached go back to idle rather than staying "queued" forever.
      let nodes = view.nodes;
      for (const [id, info] of Object.entries(view.nodes)) {
        if (info.state === 'queued' || info.state === 'running') {
          const next: NodeRunInfo = { state: 'idle' };
          if (info.outputs) next.outputs = info.outputs;
          nodes = { ...nodes, [id]: next };
        }
      }
      return nodes === view.nodes ? view : { ...view, nodes };
    }
  }
}

const EXECUTION_STATE: Record<RunDetail['executions'][number]['state'], NodeRunStatus> = {
  running: 'idle',
  done: 'done',
  cached: 'cached',
  failed: 'failed',
  skipped: 'skipped',
  cancelled: 'idle',
  interrupted: 'idle',
};

/**
 * Folds stored runs, newest first, into the last known state of each node: a node takes its
 * latest execution, so running one cell does not hide the outputs of the others from older runs.
 */
export function viewFromRuns(runs: readonly Pick<RunDetail, 'executions' | 'artifacts'>[]): RunView {
  const view = emptyRunView();
  for (const run of runs) {
    const artifacts = new Map(run.artifacts.map((a) => [a.id, a]));
    // Executions come oldest first; a retried node keeps its last attempt.
    for (const ex of [...run.executions].reverse()) {
      if (view.nodes[ex.nodeId]) continue;
      const state = EXECUTION_STATE[ex.state];
      if (state === 'idle') continue;
      const info: NodeRunInfo = { state };
      if (ex.durationMs !== null) info.durationMs = ex.durationMs;
      if (ex.error) info.error = toRunError(ex.error);
      const outputs: Record<string, NodeOutput> = {};
      for (const [port, artifactId] of Object.entries(ex.outputs)) {
        const a = artifacts.get(artifactId);
        outputs[port] = { artifactId, type: a?.type ?? 'file', size: a?.size ?? 0 };
      }
      if (Object.keys(outputs).length > 0) info.outputs = outputs;
      view.nodes[ex.nodeId] = info;
      view.logs[ex.nodeId] = ex.logs.length > 0 ? ex.logs.replace(/\n$/, '').split('\n').slice(-MAX_LOG_LINES) : [];
    }
  }
  return view;
}
