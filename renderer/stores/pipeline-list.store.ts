import { create } from 'zustand';
import type { PipelineEntry } from '../../shared/contracts/pipelines.contract';
import { pipelinesContract } from '../../shared/contracts/pipelines.contract';
import { parsePipeline } from '../../shared/pipeline/parse';
import { serializePipeline } from '../../shared/pipeline/serialize';
import { api, transport } from '../client/api';
import { subscribe } from '../client/create-client';
import { shownError, type ShownError } from './errors';
import { usePipelineEditorStore } from './pipeline-editor.store';

/** The pipeline files of the workspace, and the file-level actions of the Pipelines section. */
interface PipelineListStore {
  entries: PipelineEntry[];
  loaded: boolean;
  busy: boolean;
  error: ShownError | null;
  load(): Promise<void>;
  /** Creates and opens `pipelines/<name>.nodebook.yaml`; returns its path, or null on error. */
  create(name: string, template: 'blank' | 'example'): Promise<string | null>;
  rename(path: string, name: string): Promise<boolean>;
  duplicate(path: string, name: string): Promise<boolean>;
  remove(path: string): Promise<boolean>;
  clearError(): void;
}

export const usePipelineListStore = create<PipelineListStore>((set, get) => {
  const act = async <T>(fn: () => Promise<T>): Promise<T | null> => {
    set({ busy: true, error: null });
    try {
      const result = await fn();
      set({ busy: false });
      await get().load();
      return result;
    } catch (err) {
      set({ busy: false, error: shownError(err) });
      return null;
    }
  };
  return {
    entries: [],
    loaded: false,
    busy: false,
    error: null,
    async load() {
      try {
        set({ entries: await api.pipelines.list({}), loaded: true });
      } catch (err) {
        set({ loaded: true, error: shownError(err) });
      }
    },
    async create(name, template) {
      const created = await act(() => api.pipelines.create({ name, template }));
      if (!created) return null;
      await usePipelineEditorStore.getState().open(created.path);
      return created.path;
    },
    async rename(path, name) {
      const editor = usePipelineEditorStore.getState();
      // Unsaved edits go to the old file first, so the renamed file has them.
      if (editor.tabs.includes(path)) await editor.flush();
      return (await act(() => api.pipelines.rename({ path, name }))) !== null;
    },
    async duplicate(path, name) {
      const done = await act(async () => {
        const { text } = await api.pipelines.read({ path });
        const created = await api.pipelines.create({ name, template: 'blank' });
        const parsed = parsePipeline(text);
        // A copy of a broken file stays byte-identical: nothing the user typed is lost.
        const copy = parsed.doc ? serializePipeline({ ...parsed.doc, name }) : text;
        await api.pipelines.write({ path: created.path, text: copy });
        return created.path;
      });
      return done !== null;
    },
    async remove(path) {
      const done = await act(() => api.pipelines.delete({ path }));
      if (done) usePipelineEditorStore.getState().close(path);
      return done !== null;
    },
    clearError: () => set({ error: null }),
  };
});

// Any change to a pipeline file (here, in another window, or from the CLI) refreshes the list;
// one save arrives as several events, so they are coalesced.
let reload: ReturnType<typeof setTimeout> | null = null;
subscribe(pipelinesContract, transport, () => {
  if (!usePipelineListStore.getState().loaded) return;
  if (reload) clearTimeout(reload);
  reload = setTimeout(() => {
    reload = null;
    void usePipelineListStore.getState().load();
  }, 150);
});
