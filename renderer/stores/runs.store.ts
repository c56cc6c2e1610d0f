import { create } from 'zustand';
import { contracts } from '../../shared/contracts/index';
import type { LineageGraph, RunDetail, RunRecord } from '../../shared/contracts/runs.contract';
import { api, transport } from '../client/api';
import { subscribe } from '../client/create-client';
import { shownError, type ShownError } from './errors';

interface RunsStore {
  runs: RunRecord[];
  loaded: boolean;
  selectedId: string | null;
  detail: RunDetail | null;
  lineage: { artifactId: string; upstream: LineageGraph; downstream: LineageGraph } | null;
  error: ShownError | null;
  load(): Promise<void>;
  select(runId: string): Promise<void>;
  showLineage(artifactId: string): Promise<void>;
  closeLineage(): void;
}

/** Run history: the list, one run's detail, and an artifact's lineage. Live progress is run-state.store. */
export const useRunsStore = create<RunsStore>((set, get) => ({
  runs: [],
  loaded: false,
  selectedId: null,
  detail: null,
  lineage: null,
  error: null,
  async load() {
    try {
      const runs = await api.runs.list({});
      set({ runs, loaded: true, error: null });
      const { selectedId } = get();
      if (selectedId && runs.some((r) => r.id === selectedId)) await get().select(selectedId);
    } catch (err) {
      set({ loaded: true, error: shownError(err) });
    }
  },
  async select(runId) {
    set({ selectedId: runId, lineage: null });
    try {
      const detail = await api.runs.get({ runId });
      if (get().selectedId === runId) set({ detail, error: null });
    } catch (err) {
      set({ error: shownError(err) });
    }
  },
  async showLineage(artifactId) {
    try {
      const graph = await api.runs.lineage({ artifactId });
      set({ lineage: { artifactId, ...graph }, error: null });
    } catch (err) {
      set({ error: shownError(err) });
    }
  },
  closeLineage: () => set({ lineage: null }),
}));

// A run started anywhere (this UI, another window, the CLI through the UI's backend) refreshes the list when it ends.
subscribe(contracts.runs, transport, (event) => {
  if (event.type === 'runStarted' || event.type === 'runFinished') void useRunsStore.getState().load();
});
subscribe(contracts.workspace, transport, () => {
  useRunsStore.setState({ runs: [], selectedId: null, detail: null, lineage: null, loaded: false });
});
