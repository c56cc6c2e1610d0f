import { create } from 'zustand';
import { pipelinesContract } from '../../shared/contracts/pipelines.contract';
import type { ComponentInfo } from '../../shared/pipeline/component-info';
import type { Diagnostic, PipelineDocument, PipelineNode } from '../../shared/pipeline/document';
import { formatDiagnostic } from '../../shared/pipeline/document';
import { downstreamOf } from '../../shared/pipeline/graph';
import { parsePipeline } from '../../shared/pipeline/parse';
import { autoLayout as layoutGraph, freeSpot, NODE_WIDTH } from '../canvas/auto-layout';
import { copyNodes, pasteNodes } from '../canvas/clipboard';
import { connectionError } from '../canvas/connection-rules';
import { diagnose } from '../canvas/diagnose';
import type { EditorSlice } from '../canvas/editor-transition';
import { transition } from '../canvas/editor-transition';
import * as edits from '../canvas/doc-edits';
import type { History } from '../canvas/history';
import { emptyHistory, record, redo as redoStep, undo as undoStep } from '../canvas/history';
import { freshInputName, NEW_INPUT, nodePorts, toCatalog } from '../canvas/ports';
import { api, transport } from '../client/api';
import { subscribe } from '../client/create-client';
import { shownError } from './errors';
import { createFileSync } from './pipeline-file-sync';
import { rememberedTabs, saveTabs } from './pipeline-tabs';
import { useWorkspaceStore } from './workspace.store';

export type SaveState = 'saved' | 'saving' | 'dirty' | 'conflict' | 'error';
export type EditorView = 'canvas' | 'notebook';
type Ref = { node: string; port: string };

/**
 * The open pipeline document, shared by the canvas and the notebook (DESIGN.md: one document,
 * two views). Every edit goes through here: it is recorded for undo, marks what it changed (and
 * everything downstream) stale, revalidates, and schedules an autosave of the canonical YAML.
 */
export interface PipelineEditorStore {
  path: string | null;
  doc: PipelineDocument | null;
  diagnostics: Diagnostic[];
  catalog: ComponentInfo[];
  selection: string[];
  view: EditorView;
  stale: string[];
  saveState: SaveState;
  canUndo: boolean;
  canRedo: boolean;
  /** Files under data/, for path pickers (refreshed when a pipeline is opened). */
  dataFiles: string[];
  /** Open pipelines, as tabs (paths). */
  tabs: string[];
  /** Why the open file cannot be edited (it does not parse), with its text to show. */
  loadError: { message: string; text: string } | null;
  saveError: string | null;
  /** The file changed on disk while local edits were unsaved: the user picks which one wins. */
  conflict: { diskText: string } | null;
  open(path: string): Promise<void>;
  close(path?: string): void;
  setView(view: EditorView): void;
  select(ids: string[]): void;
  addNode(componentKey: string, opts?: { position?: [number, number]; after?: string }): string;
  updateNode(id: string, patch: Partial<PipelineNode>): void;
  removeNodes(ids: string[]): void;
  /** Edits the pipeline's own keys (description, params); undoable. */
  updatePipeline(patch: { description?: string; params?: Record<string, unknown> }): void;
  /** Deletes nodes and unbinds inputs in one undoable step (the canvas's Delete key). */
  removeElements(nodeIds: string[], inputs: Ref[]): void;
  renameNode(id: string, newId: string): { error?: string };
  connect(from: Ref, to: Ref): { error?: string; port?: string };
  disconnect(to: Ref): void;
  moveNodes(positions: Record<string, [number, number]>): void;
  undo(): void;
  redo(): void;
  markRan(ids: string[]): void;
  /** Lays the whole graph out left to right (one undo step). */
  autoLayout(): void;
  /** Clipboard YAML of the selection, or null when nothing is selected. */
  copySelection(): string | null;
  paste(text: string, at?: [number, number]): { error?: string };
  resolveConflict(keep: 'mine' | 'disk'): Promise<void>;
  /** Reopens the tabs of the last session in this workspace (after a reload), once. */
  restoreTabs(): Promise<void>;
  /** Saves now if anything is pending (before switching pipelines, closing, running). */
  flush(): Promise<void>;
}

const emptyDoc = (): PipelineDocument => ({ nodebook: 1, name: '', params: {}, nodes: {}, layout: {} });

/** Per open pipeline, so switching tabs keeps undo history, staleness and selection. */
interface Session {
  doc: PipelineDocument;
  history: History<PipelineDocument>;
  stale: string[];
  selection: string[];
  savedText: string;
}
const sessions = new Map<string, Session>();
let history: History<PipelineDocument> = emptyHistory();
/** Text last written by (or read into) this window; an echo of it from disk is not a change. */
let sync: ReturnType<typeof createFileSync> | null = null;
let restoredRoot: string | null = null;

export const usePipelineEditorStore = create<PipelineEditorStore>((set, get) => {
  const catalogMap = () => toCatalog(get().catalog);

  const fileSync = createFileSync({ get, set, adopt: (text) => adoptDisk(text) });
  sync = fileSync;

  /** Applies an edit: history, staleness of what changed and downstream, validation, autosave. */
  const commit = (next: PipelineDocument, opts: { key?: string; selection?: string[] } = {}) => {
    const { doc } = get();
    if (!doc || next === doc) return;
    history = record(history, doc, opts.key ?? null);
    apply(transition(get(), next, get().catalog, opts.selection));
  };

  const restore = (step: { history: History<PipelineDocument>; state: PipelineDocument } | null) => {
    if (!step || !get().doc) return;
    history = step.history;
    apply(transition(get(), step.state, get().catalog));
  };

  /** Sets the new document and schedules its save, unless a conflict has paused saving. */
  const apply = (slice: EditorSlice) => {
    const paused = get().saveState === 'conflict';
    set({ ...slice, canUndo: history.past.length > 0, canRedo: history.future.length > 0, ...(paused ? {} : { saveState: 'dirty' as const }) });
    if (!paused) fileSync.schedule();
  };

  const stash = () => {
    const { path, doc, stale, selection } = get();
    if (path && doc) sessions.set(path, { doc, history, stale, selection, savedText: fileSync.savedText });
  };

  const loadCatalog = async () => {
    if (get().catalog.length > 0) return;
    try {
      set({ catalog: await api.components.list({}) });
    } catch (err) {
      set({ saveError: `could not list components: ${shownError(err).message}` });
    }
  };

  /** Takes the file's text as the document (after an outside change or a "use disk" choice). */
  const adoptDisk = (text: string) => {
    const parsed = parsePipeline(text);
    const { doc, catalog } = get();
    fileSync.setSaved(text);
    if (!parsed.doc) {
      const first = parsed.diagnostics.find((d) => d.severity === 'error');
      set({ loadError: { message: first ? formatDiagnostic(first, get().path ?? undefined) : 'the file does not parse', text }, conflict: null, saveState: 'saved' });
      return;
    }
    if (doc) history = record(history, doc);
    set({
      ...transition(get(), parsed.doc, catalog),
      loadError: null,
      conflict: null,
      saveState: 'saved',
      canUndo: history.past.length > 0,
      canRedo: history.future.length > 0,
    });
  };

  function persistTabs() {
    saveTabs(get().tabs, get().path);
  }

  // Files change under the editor: saved by another window, or edited by another program.
  subscribe(pipelinesContract, transport, (event) => {
    if (event.type === 'saved' || event.type === 'changedOnDisk') void fileSync.onDiskChange(event.path);
    if (event.type === 'renamed') {
      const { path, tabs } = get();
      set({ tabs: tabs.map((t) => (t === event.from ? event.to : t)), ...(path === event.from ? { path: event.to } : {}) });
      persistTabs();
    }
    if (event.type === 'deleted' && get().tabs.includes(event.path)) get().close(event.path);
  });

  return {
    path: null,
    doc: null,
    diagnostics: [],
    catalog: [],
    selection: [],
    view: 'canvas',
    stale: [],
    saveState: 'saved',
    canUndo: false,
    canRedo: false,
    tabs: [],
    dataFiles: [],
    loadError: null,
    saveError: null,
    conflict: null,

    async open(path) {
      if (get().path === path && get().doc) return;
      await get().flush();
      stash();
      await loadCatalog();
      void api.pipelines
        .dataFiles({})
        .then((r) => set({ dataFiles: r.files }))
        .catch(() => undefined); // suggestions only
      let read;
      try {
        read = await api.pipelines.read({ path });
      } catch (err) {
        set({ saveError: shownError(err).message });
        return;
      }
      const tabs = get().tabs.includes(path) ? get().tabs : [...get().tabs, path];
      const kept = sessions.get(path);
      const fresh = kept && kept.savedText === read.text ? kept : null;
      history = fresh ? fresh.history : emptyHistory();
      fileSync.setSaved(read.text);
      const doc = fresh ? fresh.doc : read.doc;
      const first = read.diagnostics.find((d) => d.severity === 'error');
      set({
        path,
        tabs,
        doc,
        loadError: doc ? null : { message: first ? formatDiagnostic(first, path) : 'the file does not parse', text: read.text },
        diagnostics: doc ? diagnose(doc, get().catalog) : read.diagnostics,
        selection: fresh ? fresh.selection : [],
        stale: fresh ? fresh.stale : [],
        saveState: 'saved',
        saveError: null,
        conflict: null,
        canUndo: history.past.length > 0,
        canRedo: history.future.length > 0,
      });
      persistTabs();
    },

    close(path) {
      const target = path ?? get().path;
      if (!target) return;
      const tabs = get().tabs.filter((t) => t !== target);
      sessions.delete(target);
      if (target !== get().path) {
        set({ tabs });
        persistTabs();
        return;
      }
      void get()
        .flush()
        .then(() => {
          history = emptyHistory();
          fileSync.setSaved('');
          set({ path: null, doc: null, tabs, diagnostics: [], selection: [], stale: [], loadError: null, conflict: null, saveState: 'saved', canUndo: false, canRedo: false });
          persistTabs();
          const next = tabs[tabs.length - 1];
          if (next) void get().open(next);
        });
    },

    setView: (view) => set({ view }),
    select: (ids) => set({ selection: [...new Set(ids)] }),

    addNode(componentKey, opts = {}) {
      const doc = get().doc ?? emptyDoc();
      const info = catalogMap().get(componentKey);
      const id = edits.uniqueNodeId(edits.baseIdFor(componentKey), Object.keys(doc.nodes));
      let node: PipelineNode = info ? edits.newNode(info) : { use: componentKey };
      const afterPos = opts.after ? doc.layout[opts.after] : undefined;
      const position = opts.position ?? (afterPos ? [afterPos[0] + NODE_WIDTH + 60, afterPos[1]] : freeSpot(doc));
      const upstream = opts.after ? doc.nodes[opts.after] : undefined;
      if (opts.after && upstream && info) {
        const main = nodePorts(upstream, catalogMap().get(upstream.use)).outputs[0];
        const first = Object.entries(info.inputs)[0];
        if (main && first && first[1].type === main.type) node = edits.withIn(node, { [first[0]]: `${opts.after}.${main.name}` });
        else if (main && !first && info.dynamicInputs === main.type) {
          node = edits.withIn(node, { [freshInputName(node, info, opts.after)]: `${opts.after}.${main.name}` });
        }
      }
      commit(edits.insertNode(doc, id, node, [Math.round(position[0]), Math.round(position[1])]), { selection: [id] });
      return id;
    },

    updateNode(id, patch) {
      const { doc } = get();
      if (!doc?.nodes[id]) return;
      commit(edits.patchNode(doc, id, patch), { key: `update:${id}:${Object.keys(patch).sort().join(',')}` });
    },

    removeNodes(ids) {
      const { doc } = get();
      if (!doc || ids.length === 0) return;
      commit(edits.removeNodes(doc, ids));
    },

    updatePipeline(patch) {
      const { doc } = get();
      if (!doc) return;
      const next: PipelineDocument = { ...doc, ...patch };
      if (next.description === '') delete next.description;
      if (patch.params && JSON.stringify(patch.params) !== JSON.stringify(doc.params)) {
        // Params reach nodes only through ${params.x} in with:, so those nodes (and downstream) change.
        const users = Object.entries(doc.nodes).filter(([, n]) => JSON.stringify(n.with ?? {}).includes('${params.')).map(([id]) => id);
        set({ stale: [...new Set([...get().stale, ...downstreamOf(doc, users)])] });
      }
      commit(next, { key: `pipeline:${Object.keys(patch).join(',')}` });
    },

    removeElements(nodeIds, inputs) {
      const { doc } = get();
      if (!doc || (nodeIds.length === 0 && inputs.length === 0)) return;
      let next = edits.removeNodes(doc, nodeIds);
      for (const to of inputs) if (next.nodes[to.node]?.in?.[to.port] !== undefined) next = edits.setBinding(next, to, null);
      commit(next);
    },

    renameNode(id, newId) {
      const { doc, stale } = get();
      if (!doc) return { error: 'no pipeline is open' };
      const result = edits.renameNode(doc, id, newId);
      if ('error' in result) return { error: result.error };
      // The run state of a node is keyed by its id: a renamed node has not run under its new one.
      set({ stale: stale.map((s) => (s === id ? newId : s)) });
      commit(result.doc, { selection: get().selection.map((s) => (s === id ? newId : s)) });
      return {};
    },

    connect(from, to) {
      const { doc } = get();
      if (!doc) return { error: 'no pipeline is open' };
      const error = connectionError(doc, catalogMap(), from, to);
      if (error) return { error };
      let port = to.port;
      if (port === NEW_INPUT) {
        const target = doc.nodes[to.node];
        const info = target ? catalogMap().get(target.use) : undefined;
        if (!target || !info) return { error: `no node "${to.node}"` };
        port = freshInputName(target, info, from.node);
      }
      commit(edits.setBinding(doc, { node: to.node, port }, from));
      return { port };
    },

    disconnect(to) {
      const { doc } = get();
      if (!doc?.nodes[to.node]?.in?.[to.port]) return;
      commit(edits.setBinding(doc, to, null));
    },

    moveNodes(positions) {
      const { doc } = get();
      if (!doc) return;
      const layout = { ...doc.layout };
      for (const [id, [x, y]] of Object.entries(positions)) if (Object.hasOwn(doc.nodes, id)) layout[id] = [Math.round(x), Math.round(y)];
      commit({ ...doc, layout }, { key: `move:${Object.keys(positions).sort().join(',')}` });
    },

    undo() {
      const { doc } = get();
      if (doc) restore(undoStep(history, doc));
    },
    redo() {
      const { doc } = get();
      if (doc) restore(redoStep(history, doc));
    },

    markRan(ids) {
      const done = new Set(ids);
      set({ stale: get().stale.filter((id) => !done.has(id)) });
    },

    autoLayout() {
      const { doc } = get();
      if (!doc) return;
      commit({ ...doc, layout: { ...doc.layout, ...layoutGraph(doc, catalogMap()) } });
    },

    copySelection() {
      const { doc, selection } = get();
      return doc ? copyNodes(doc, selection) : null;
    },

    paste(text, at) {
      const { doc } = get();
      if (!doc) return { error: 'no pipeline is open' };
      const pasted = pasteNodes(doc, text, at ? { at } : {});
      if ('error' in pasted) return { error: pasted.error };
      commit(pasted.doc, { selection: pasted.ids });
      return {};
    },

    async restoreTabs() {
      const root = useWorkspaceStore.getState().current?.root ?? null;
      if (root === null || restoredRoot === root) return;
      restoredRoot = root;
      const { tabs, active } = rememberedTabs();
      if (get().tabs.length > 0 || tabs.length === 0) return;
      for (const t of tabs) if (t !== active) await get().open(t);
      if (active && tabs.includes(active)) await get().open(active);
    },

    async resolveConflict(keep) {
      const { conflict } = get();
      if (!conflict) return;
      if (keep === 'disk') {
        adoptDisk(conflict.diskText);
        return;
      }
      // Mine wins: what is on disk now is what we overwrite, not an unseen change.
      fileSync.setSaved(conflict.diskText);
      set({ conflict: null, saveState: 'dirty' });
      await fileSync.save();
    },

    flush: () => fileSync.flush(),
  };
});

/** Forgets the open pipelines (workspace closed or switched). */
export function resetPipelineEditor(): void {
  sync?.cancel();
  sync?.setSaved('');
  sessions.clear();
  history = emptyHistory();
  usePipelineEditorStore.setState({ path: null, doc: null, tabs: [], diagnostics: [], selection: [], stale: [], loadError: null, conflict: null, saveState: 'saved', canUndo: false, canRedo: false });
}

// Closing or reloading the window within the autosave delay must not lose the last edit: the
// write goes out now (the socket sends it before the page is gone).
globalThis.addEventListener?.('beforeunload', () => void usePipelineEditorStore.getState().flush());

// Another workspace means other files: nothing open here belongs to it.
useWorkspaceStore.subscribe((s, prev) => {
  if (s.current?.root !== prev.current?.root) {
    resetPipelineEditor();
    restoredRoot = null;
  }
});
