import { usePipelineEditorStore } from '../stores/pipeline-editor.store';
import { NodeInspector } from './node-inspector';
import { PipelineInspector } from './pipeline-inspector';

/** The right panel: the selected node's form, a multi-selection summary, or the pipeline's own settings. */
export function Inspector() {
  const selection = usePipelineEditorStore((s) => s.selection);
  const removeNodes = usePipelineEditorStore((s) => s.removeNodes);
  const only = selection.length === 1 ? selection[0] : undefined;
  return (
    <aside className="inspector" data-testid="inspector">
      {only !== undefined ? (
        <NodeInspector key={only} id={only} />
      ) : selection.length > 1 ? (
        <div className="inspector-multi">
          <h2>{selection.length} nodes selected</h2>
          <p className="muted">Drag to move them together, Ctrl+C to copy them as YAML, Delete to remove them.</p>
          <button type="button" onClick={() => removeNodes(selection)} data-testid="inspector-delete">
            Delete {selection.length} nodes
          </button>
        </div>
      ) : (
        <PipelineInspector />
      )}
    </aside>
  );
}
