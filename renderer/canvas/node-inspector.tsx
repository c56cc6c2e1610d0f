import { useMemo } from 'react';
import { usePipelineEditorStore } from '../stores/pipeline-editor.store';
import { nodeDiagnostics } from './diagnose';
import { InputsList } from './inputs-list';
import { NodeIdField } from './node-id-field';
import { OutputsEditor } from './outputs-editor';
import { ParamField } from './param-field';
import { formFields, isColumnField } from './param-schema';
import { useUpstreamColumns } from './use-upstream-columns';

/** Everything about one node: id, inputs, params from the component's schema, code or text, diagnostics. */
export function NodeInspector({ id }: { id: string }) {
  const node = usePipelineEditorStore((s) => s.doc?.nodes[id]);
  const catalog = usePipelineEditorStore((s) => s.catalog);
  const diagnostics = usePipelineEditorStore((s) => s.diagnostics);
  const updateNode = usePipelineEditorStore((s) => s.updateNode);
  const files = usePipelineEditorStore((s) => s.dataFiles);
  const columns = useUpstreamColumns(id);
  const info = useMemo(() => catalog.find((c) => c.key === node?.use), [catalog, node?.use]);
  const fields = useMemo(() => (info ? formFields(info.paramsSchema) : []), [info]);
  if (!node) return null;
  const mine = nodeDiagnostics(diagnostics, id);
  const general = mine.filter((d) => !d.field?.startsWith('with.') || !fields.some((f) => d.field === `with.${f.name}` || d.field?.startsWith(`with.${f.name}.`)));
  const setParam = (name: string, value: unknown) => {
    const next = { ...(node.with ?? {}) };
    if (value === undefined) delete next[name];
    else next[name] = value;
    updateNode(id, { with: next });
  };
  return (
    <div className="node-inspector">
      <header>
        <h2>{info?.title ?? node.use}</h2>
        <code className="muted">{node.use}</code>
        {info ? <p className="muted">{info.description}</p> : <p className="pfield-error">Unknown component: pick one from the palette.</p>}
      </header>
      <NodeIdField id={id} />
      {general.length > 0 ? (
        <ul className="diag-list" data-testid="node-diagnostics">
          {general.map((d, i) => (
            <li key={i} className={d.severity}>
              {d.message}
            </li>
          ))}
        </ul>
      ) : null}
      {info && (Object.keys(info.inputs).length > 0 || info.dynamicInputs) ? <InputsList id={id} node={node} info={info} /> : null}
      {fields.length > 0 ? (
        <section className="insp-section">
          <h3>Parameters</h3>
          {fields.map((f) => (
            <ParamField
              key={f.name}
              field={f}
              value={node.with?.[f.name]}
              onChange={(v) => setParam(f.name, v)}
              errors={nodeDiagnostics(diagnostics, id, `with.${f.name}`).map((d) => d.message.replace(/^with\.[^:]*: /, ''))}
              files={files}
              columns={isColumnField(f.name, f.description) ? columns : undefined}
            />
          ))}
        </section>
      ) : null}
      {info?.codeLanguage ? (
        <section className="insp-section">
          <h3>{info.codeLanguage} code</h3>
          <textarea
            className="mono code-area"
            data-testid="param-code"
            rows={10}
            spellCheck={false}
            value={node.code ?? ''}
            onChange={(e) => updateNode(id, { code: e.target.value })}
          />
          <p className="muted small">Edit it with completion in the Notebook view.</p>
        </section>
      ) : null}
      {info?.dynamicOutputs ? <OutputsEditor id={id} node={node} /> : null}
      {info?.hasText ? (
        <section className="insp-section">
          <h3>Text (Markdown)</h3>
          <textarea data-testid="param-text" rows={8} value={node.text ?? ''} onChange={(e) => updateNode(id, { text: e.target.value })} />
        </section>
      ) : null}
      {info && fields.length === 0 && !info.codeLanguage && !info.hasText ? <p className="muted">This component has no parameters.</p> : null}
    </div>
  );
}
