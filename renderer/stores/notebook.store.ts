import { create } from 'zustand';
import { parseBinding } from '../../shared/pipeline/graph';
import { serializePipeline } from '../../shared/pipeline/serialize';
import { api } from '../client/api';
import { moveCell, notebookOrder, placeAfter, withNodeOrder } from '../notebook/cell-order';
import { shownError } from './errors';
import { usePipelineEditorStore } from './pipeline-editor.store';

interface NotebookStore {
  error: string | null;
  /** Adds a cell below another (wired to its main output) or at the end; returns the new id. */
  addCellBelow(componentKey: string, after: string | null): Promise<string | null>;
  /** Moves a cell one place up or down where the graph allows (see cell-order.ts). */
  moveCell(id: string, dir: -1 | 1): Promise<void>;
  clearError(): void;
}

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Notebook-only document edits. Cell order is file order within topological ties, and the
 * editor store has no reorder action, so a reorder is saved as the file's new text: the editor
 * store takes it from its `saved` event as an outside change (one undo step, nothing stale).
 */
export const useNotebookStore = create<NotebookStore>((set) => {
  const reorder = async (order: string[]) => {
    const editor = usePipelineEditorStore.getState();
    await editor.flush();
    const { path, doc } = usePipelineEditorStore.getState();
    if (!path || !doc) return;
    const next = withNodeOrder(doc, order);
    if (Object.keys(next.nodes).join('\n') === Object.keys(doc.nodes).join('\n')) return;
    try {
      await api.pipelines.write({ path, text: serializePipeline(next) });
    } catch (err) {
      set({ error: shownError(err).message });
    }
  };

  return {
    error: null,
    async addCellBelow(componentKey, after) {
      const editor = usePipelineEditorStore.getState();
      const id = editor.addNode(componentKey, after ? { after } : {});
      const info = editor.catalog.find((c) => c.key === componentKey);
      const node = usePipelineEditorStore.getState().doc?.nodes[id];
      // A code cell's input is a variable: name it after the upstream port (`train`), not the node.
      if (info?.dynamicInputs && node?.in) {
        const entries = Object.entries(node.in);
        const [only] = entries;
        const port = only ? parseBinding(only[1])?.port : undefined;
        if (entries.length === 1 && only && port && VARIABLE.test(port) && !Object.hasOwn(info.inputs, port)) {
          editor.updateNode(id, { in: { [port]: only[1] } });
        }
      }
      const doc = usePipelineEditorStore.getState().doc;
      if (after && doc) {
        const shown = notebookOrder(doc);
        if (shown[shown.indexOf(after) + 1] !== id) await reorder(placeAfter(doc, id, after));
      }
      return id;
    },
    async moveCell(id, dir) {
      const doc = usePipelineEditorStore.getState().doc;
      const order = doc ? moveCell(doc, id, dir) : null;
      if (order) await reorder(order);
    },
    clearError: () => set({ error: null }),
  };
});
