import { usePipelineEditorStore } from '../stores/pipeline-editor.store';
import { ParamField } from './param-field';

const PARAMS_FIELD = { name: 'params', kind: 'json', description: 'Pipeline params, used in a node’s parameters as ${params.name} and overridable per run.', required: false } as const;

/** With nothing selected: the pipeline's description, params and every problem in it. */
export function PipelineInspector() {
  const doc = usePipelineEditorStore((s) => s.doc);
  const diagnostics = usePipelineEditorStore((s) => s.diagnostics);
  const select = usePipelineEditorStore((s) => s.select);
  if (!doc) return null;
  const setDoc = (patch: { description?: string; params?: Record<string, unknown> }) => {
    // Pipeline-level keys are edited through the same undoable path as nodes: a patch of the document.
    usePipelineEditorStore.getState().updatePipeline(patch);
  };
  const errors = diagnostics.filter((d) => d.severity === 'error');
  return (
    <div className="pipeline-inspector">
      <header>
        <h2>{doc.name}</h2>
        <p className="muted">{Object.keys(doc.nodes).length} nodes. Select a node to edit it.</p>
      </header>
      <div className="pfield">
        <label className="pfield-label" htmlFor="pipeline-description">
          description
        </label>
        <textarea id="pipeline-description" rows={3} value={doc.description ?? ''} onChange={(e) => setDoc({ description: e.target.value })} />
      </div>
      <ParamField
        field={PARAMS_FIELD}
        value={Object.keys(doc.params).length ? doc.params : undefined}
        onChange={(v) => setDoc({ params: typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v)) : {} })}
        errors={diagnostics.filter((d) => d.code === 'unknown-param').map((d) => d.message)}
      />
      <section className="insp-section">
        <h3>Problems</h3>
        {Object.keys(doc.nodes).length === 0 ? (
          <p className="muted small">Nothing to check yet: add a node from the palette.</p>
        ) : errors.length === 0 ? (
          <p className="ok-text small" data-testid="pipeline-valid">
            No problems: this pipeline can run.
          </p>
        ) : (
          <ul className="diag-list" data-testid="pipeline-problems">
            {errors.map((d, i) => (
              <li key={i} className="error">
                {d.nodeId ? (
                  <button type="button" className="link" onClick={() => d.nodeId && select([d.nodeId])}>
                    {d.nodeId}
                  </button>
                ) : null}{' '}
                {d.message}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
