import { beforeEach, describe, expect, it, vi } from 'vitest';
import { parsePipeline } from '../../shared/pipeline/parse';
import { serializePipeline } from '../../shared/pipeline/serialize';
import { catalogList, penguinsDoc } from '../canvas/fixtures/catalog';

// The store's only boundary is the typed client; a fake file system behind it keeps these tests in Node.
const files = new Map<string, string>();
const writes: string[] = [];
const listeners: ((service: string, event: unknown) => void)[] = [];
const emit = (event: unknown) => listeners.forEach((l) => l('pipelines', event));
vi.mock('../client/api', () => ({
  api: {
    components: { list: async () => catalogList },
    pipelines: {
      read: async ({ path }: { path: string }) => {
        const text = files.get(path) ?? '';
        return { text, doc: parsePipeline(text).doc, diagnostics: [] };
      },
      dataFiles: async () => ({ files: ['data/penguins.csv'], truncated: false }),
      write: async ({ path, text }: { path: string; text: string }) => {
        files.set(path, text);
        writes.push(text);
        return { diagnostics: [], modifiedAt: new Date().toISOString() };
      },
    },
  },
  transport: {
    onEvent: (l: (service: string, event: unknown) => void) => {
      listeners.push(l);
      return () => undefined;
    },
    onState: () => () => undefined,
  },
}));
vi.mock('./workspace.store', () => ({ useWorkspaceStore: { getState: () => ({ current: null }), subscribe: () => () => undefined } }));

const { usePipelineEditorStore: store, resetPipelineEditor } = await import('./pipeline-editor.store');
const PATH = 'pipelines/penguins.nodebook.yaml';

beforeEach(async () => {
  resetPipelineEditor();
  files.clear();
  writes.length = 0;
  files.set(PATH, serializePipeline(penguinsDoc()));
  await store.getState().open(PATH);
});

describe('pipeline editor store', () => {
  it('opens a pipeline with the catalog and clean diagnostics', () => {
    const s = store.getState();
    expect(s.doc?.name).toBe('penguins');
    expect(s.catalog.length).toBeGreaterThan(5);
    expect(s.diagnostics).toEqual([]);
    expect(s.saveState).toBe('saved');
    expect(s.tabs).toEqual([PATH]);
  });

  it('addNode with `after` wires the first input to the main output and places it to the right', () => {
    const id = store.getState().addNode('data.sample@1', { after: 'read' });
    const s = store.getState();
    expect(id).toBe('sample');
    expect(s.doc?.nodes.sample).toEqual({ use: 'data.sample@1', in: { table: 'read.table' } });
    expect(s.doc?.layout.sample?.[0]).toBeGreaterThan(0);
    expect(s.selection).toEqual(['sample']);
    expect(s.stale).toContain('sample');
    // no matching type: not wired
    store.getState().addNode('data.profile@1', { after: 'profile' });
    expect(store.getState().doc?.nodes.profile_2).toEqual({ use: 'data.profile@1' });
    // dynamic inputs get a named input
    store.getState().addNode('data.sql@1', { after: 'split' });
    expect(store.getState().doc?.nodes.sql?.in).toEqual({ split: 'split.train' });
  });

  it('updateNode marks the node and everything downstream stale, not upstream', () => {
    store.getState().markRan(['read', 'split', 'profile']);
    store.getState().updateNode('split', { with: { seed: 7 } });
    expect(store.getState().stale.sort()).toEqual(['profile', 'split']);
    store.getState().markRan(['split']);
    expect(store.getState().stale).toEqual(['profile']);
    // moving is not an edit of what runs
    store.getState().moveNodes({ read: [5, 5] });
    expect(store.getState().stale).toEqual(['profile']);
  });

  it('removeNodes drops the bindings that read them and their layout', () => {
    store.getState().select(['split']);
    store.getState().removeNodes(['split']);
    const s = store.getState();
    expect(s.doc?.nodes.split).toBeUndefined();
    expect(s.doc?.nodes.profile?.in).toBeUndefined();
    expect(s.doc?.layout.split).toBeUndefined();
    expect(s.selection).toEqual([]);
    expect(s.diagnostics.some((d) => d.nodeId === 'profile' && d.code === 'missing-input')).toBe(true);
  });

  it('connect refuses with a reason and accepts good wiring; disconnect unbinds', () => {
    const s = store.getState();
    expect(s.connect({ node: 'profile', port: 'profile' }, { node: 'split', port: 'table' })).toEqual({ error: 'type mismatch: metrics → table' });
    s.disconnect({ node: 'profile', port: 'table' });
    expect(store.getState().doc?.nodes.profile?.in).toBeUndefined();
    expect(store.getState().connect({ node: 'split', port: 'test' }, { node: 'profile', port: 'table' })).toEqual({ port: 'table' });
    expect(store.getState().doc?.nodes.profile?.in).toEqual({ table: 'split.test' });
  });

  it('undoes and redoes every edit, and renames keep selection', () => {
    const s = store.getState();
    s.select(['split']);
    expect(s.renameNode('split', 'parts')).toEqual({});
    expect(store.getState().selection).toEqual(['parts']);
    store.getState().updateNode('read', { with: { path: 'data/other.csv' } });
    expect(store.getState().canUndo).toBe(true);
    store.getState().undo();
    expect(store.getState().doc?.nodes.read?.with).toEqual({ path: 'data/penguins.csv' });
    store.getState().undo();
    expect(store.getState().doc?.nodes.split).toBeDefined();
    expect(store.getState().canRedo).toBe(true);
    store.getState().redo();
    expect(store.getState().doc?.nodes.parts).toBeDefined();
    expect(store.getState().renameNode('parts', 'read')).toEqual({ error: 'a node "read" already exists' });
  });

  it('autosaves the canonical YAML after a pause, and flush saves at once', async () => {
    vi.useFakeTimers();
    try {
      store.getState().updateNode('split', { with: { seed: 1 } });
      store.getState().updateNode('split', { with: { seed: 12 } });
      expect(store.getState().saveState).toBe('dirty');
      await vi.advanceTimersByTimeAsync(600);
      expect(writes).toHaveLength(1);
      expect(files.get(PATH)).toBe(serializePipeline(store.getState().doc!));
      expect(files.get(PATH)).toContain('seed: 12');
      expect(store.getState().saveState).toBe('saved');
      store.getState().moveNodes({ read: [10, 20] });
      await store.getState().flush();
      expect(writes).toHaveLength(2);
      expect(files.get(PATH)).toContain('read: [10, 20]');
    } finally {
      vi.useRealTimers();
    }
  });

  it('copies and pastes the selection as YAML', () => {
    store.getState().select(['read', 'split']);
    const text = store.getState().copySelection()!;
    expect(store.getState().paste(text)).toEqual({});
    const s = store.getState();
    expect(s.selection).toEqual(['read_2', 'split_2']);
    expect(s.doc?.nodes.split_2?.in).toEqual({ table: 'read_2.table' });
  });

  it('connects to the "+" port of a dynamic-input component under a fresh name', () => {
    store.getState().addNode('data.sql@1', { position: [0, 300] });
    expect(store.getState().connect({ node: 'split', port: 'test' }, { node: 'sql', port: '+' })).toEqual({ port: 'split' });
    expect(store.getState().connect({ node: 'read', port: 'table' }, { node: 'sql', port: '+' })).toEqual({ port: 'read' });
    expect(store.getState().doc?.nodes.sql?.in).toEqual({ split: 'split.test', read: 'read.table' });
  });

  it('reloads a clean pipeline changed on disk, keeping the selection of nodes that remain', async () => {
    store.getState().select(['split', 'profile']);
    const changed = penguinsDoc();
    delete changed.nodes.profile;
    changed.nodes.split = { ...changed.nodes.split!, with: { seed: 5 } };
    files.set(PATH, serializePipeline(changed));
    emit({ type: 'changedOnDisk', path: PATH });
    await vi.waitFor(() => expect(store.getState().doc?.nodes.profile).toBeUndefined());
    const s = store.getState();
    expect(s.selection).toEqual(['split']);
    expect(s.saveState).toBe('saved');
    expect(s.stale).toContain('split');
    expect(writes).toHaveLength(0);
    // our own write echoing back is not a change
    store.getState().updateNode('read', { with: { path: 'data/b.csv' } });
    await store.getState().flush();
    emit({ type: 'changedOnDisk', path: PATH });
    await new Promise((r) => setTimeout(r, 10));
    expect(store.getState().saveState).toBe('saved');
  });

  it('turns an outside change under unsaved edits into a conflict, and resolves it either way', async () => {
    store.getState().updateNode('split', { with: { seed: 1 } });
    const disk = penguinsDoc();
    disk.nodes.split = { ...disk.nodes.split!, with: { seed: 99 } };
    files.set(PATH, serializePipeline(disk));
    emit({ type: 'changedOnDisk', path: PATH });
    await vi.waitFor(() => expect(store.getState().saveState).toBe('conflict'));
    // autosave is paused: the file on disk is untouched
    await new Promise((r) => setTimeout(r, 600));
    expect(writes).toHaveLength(0);
    await store.getState().resolveConflict('mine');
    expect(store.getState().saveState).toBe('saved');
    expect(files.get(PATH)).toContain('seed: 1');

    store.getState().updateNode('split', { with: { seed: 2 } });
    files.set(PATH, serializePipeline(disk));
    emit({ type: 'changedOnDisk', path: PATH });
    await vi.waitFor(() => expect(store.getState().saveState).toBe('conflict'));
    await store.getState().resolveConflict('disk');
    expect(store.getState().doc?.nodes.split?.with).toEqual({ seed: 99 });
    expect(store.getState().conflict).toBeNull();
    // taking the disk version is itself undoable
    store.getState().undo();
    expect(store.getState().doc?.nodes.split?.with).toEqual({ seed: 2 });
  });
});
