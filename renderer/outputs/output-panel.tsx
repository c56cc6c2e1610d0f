import { usePipelineEditorStore } from '../stores/pipeline-editor.store';
import { useRunStateStore } from '../stores/run-state.store';
import { formatDuration } from './format-value';
import { NodeOutputs } from './node-outputs';

/** The outputs of the selected node, for a side or bottom panel beside the canvas. */
export function OutputPanel() {
  const selected = usePipelineEditorStore((s) => (s.selection.length === 1 ? s.selection[0] : undefined));
  const info = useRunStateStore((s) => (selected ? s.nodes[selected] : undefined));
  if (!selected) return <div className="output-panel empty-panel muted">Select one step to see its outputs.</div>;
  return (
    <div className="output-panel" data-testid="output-panel">
      <div className="output-panel-head">
        <strong>{selected}</strong>
        {info && (
          <span className={`badge state-${info.state}`}>
            {info.state}
            {info.durationMs !== undefined ? ` · ${formatDuration(info.durationMs)}` : ''}
          </span>
        )}
      </div>
      {info ? <NodeOutputs nodeId={selected} /> : <p className="muted">Not run yet.</p>}
    </div>
  );
}
