import type { Diagnostic, PipelineDocument } from '../../shared/pipeline/document';
import { serializePipeline } from '../../shared/pipeline/serialize';
import { api } from '../client/api';
import { shownError } from './errors';

type SaveState = 'saved' | 'saving' | 'dirty' | 'conflict' | 'error';

interface SyncedState {
  path: string | null;
  doc: PipelineDocument | null;
  saveState: SaveState;
}
interface SyncPatch {
  saveState?: SaveState;
  saveError?: string | null;
  diagnostics?: Diagnostic[];
  conflict?: { diskText: string } | null;
}

export const SAVE_DELAY_MS = 500;

/**
 * Keeps the open document and its file in step: a debounced autosave of the canonical YAML, and
 * the handling of changes on disk. The text this window last wrote (or read) is remembered, so
 * its own writes echoing back as events are not mistaken for someone else's change.
 */
export function createFileSync(deps: { get: () => SyncedState; set: (patch: SyncPatch) => void; adopt: (text: string) => void }) {
  const { get, set } = deps;
  let savedText = '';
  let writingText: string | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight: Promise<void> | null = null;

  const cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };

  const save = async (): Promise<void> => {
    timer = null;
    const { path, doc, saveState } = get();
    if (!path || !doc || saveState === 'conflict') return;
    const text = serializePipeline(doc);
    if (text === savedText) return set({ saveState: 'saved' });
    writingText = text;
    set({ saveState: 'saving', saveError: null });
    const run = (async () => {
      try {
        const result = await api.pipelines.write({ path, text });
        savedText = text;
        const now = get();
        if (now.path !== path || now.saveState === 'conflict') return;
        // The backend's diagnostics know what the renderer's cannot (zod refinements).
        if (now.doc && serializePipeline(now.doc) === text) set({ saveState: 'saved', diagnostics: result.diagnostics });
        else set({ saveState: 'dirty' });
      } catch (err) {
        if (get().path === path) set({ saveState: 'error', saveError: shownError(err).message });
      } finally {
        writingText = null;
      }
    })();
    inFlight = run;
    await run;
  };

  return {
    get savedText() {
      return savedText;
    },
    /** The file now holds `text` (just read, or about to be overwritten on purpose). */
    setSaved(text: string) {
      savedText = text;
    },
    schedule() {
      cancel();
      timer = setTimeout(() => void save(), SAVE_DELAY_MS);
    },
    save,
    cancel,
    async flush() {
      cancel();
      if (inFlight) await inFlight;
      const state = get().saveState;
      if (state === 'dirty' || state === 'error') await save();
    },
    /** The file may have changed on disk: adopt it when clean, else raise a conflict and pause saving. */
    async onDiskChange(path: string) {
      if (path !== get().path) return;
      let text: string;
      try {
        text = (await api.pipelines.read({ path })).text;
      } catch {
        return; // deleted or unreadable: keep the edits in memory; the next save recreates it
      }
      if (path !== get().path || text === savedText || text === writingText) return;
      const { saveState, doc } = get();
      if (doc && text === serializePipeline(doc)) {
        savedText = text;
        return;
      }
      if (saveState === 'saved' || !doc) return deps.adopt(text);
      cancel();
      set({ saveState: 'conflict', conflict: { diskText: text } });
    },
  };
}
