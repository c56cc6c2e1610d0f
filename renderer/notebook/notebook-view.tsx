import { useEffect, useMemo } from 'react';
import { loadMonaco } from '../monaco/monaco-loader';
import { usePipelineEditorStore } from '../stores/pipeline-editor.store';
import { useNotebookStore } from '../stores/notebook.store';
import { AddCellMenu } from './add-cell-menu';
import { moveCell, notebookOrder, structureKey } from './cell-order';
import { NotebookCell } from './notebook-cell';

/**
 * The notebook view of the open pipeline: its nodes as cells in topological order (ties in
 * file order). Same document as the canvas; edits go through the editor store, runs through
 * the run-state store (the run buttons are in the editor toolbar, shared with the canvas).
 */
export function NotebookView() {
  // Subscribed to the graph's structure only: a keystroke in a cell changes the document but
  // not its order, so this view (and the order computation) does not run again for it.
  const structure = usePipelineEditorStore((s) => (s.doc ? structureKey(s.doc) : null));
  const notebookError = useNotebookStore((s) => s.error);
  const cells = useMemo(() => {
    const doc = usePipelineEditorStore.getState().doc;
    if (!doc || structure === null) return [];
    return notebookOrder(doc).map((id) => ({ id, isNote: doc.nodes[id]?.use === 'note@1', up: moveCell(doc, id, -1) !== null, down: moveCell(doc, id, 1) !== null }));
  }, [structure]);

  useEffect(() => {
    // Fetch the editor's chunk while idle, so opening a pipeline with code cells does not wait for it.
    const id = requestIdleCallback(() => void loadMonaco());
    return () => cancelIdleCallback(id);
  }, []);

  if (structure === null) return <div className="notebook muted">No pipeline open.</div>;
  let runIndex = 0;
  return (
    <div className="notebook" data-testid="notebook">
      {notebookError && (
        <div className="error-box" data-testid="notebook-error">
          {notebookError}
        </div>
      )}
      {cells.length === 0 && <p className="muted">This pipeline has no steps yet. Add a cell to start.</p>}
      {cells.map((c) => {
        const index = c.isNote ? -1 : runIndex++;
        return <NotebookCell key={c.id} id={c.id} index={index} canMoveUp={c.up} canMoveDown={c.down} />;
      })}
      <AddCellMenu after={null} />
    </div>
  );
}
