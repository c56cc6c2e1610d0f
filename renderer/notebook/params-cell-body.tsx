import { useMemo } from 'react';
import type { ComponentInfo } from '../../shared/pipeline/component-info';
import type { PipelineNode } from '../../shared/pipeline/document';
import { nodeDiagnostics } from '../canvas/diagnose';
import { ParamField } from '../canvas/param-field';
import { formFields } from '../canvas/param-schema';
import { usePipelineEditorStore } from '../stores/pipeline-editor.store';

/** A built-in step as a form of its params (`with:`), rendered from the component's JSON Schema. */
export function ParamsCellBody({ id, node, info }: { id: string; node: PipelineNode; info: ComponentInfo | undefined }) {
  const updateNode = usePipelineEditorStore((s) => s.updateNode);
  const diagnostics = usePipelineEditorStore((s) => s.diagnostics);
  const fields = useMemo(() => (info ? formFields(info.paramsSchema) : []), [info]);
  if (!info) return <p className="muted">Unknown component {node.use}: edit it in the YAML file.</p>;
  if (fields.length === 0) return null;
  const set = (name: string, value: unknown) => {
    const next: Record<string, unknown> = { ...node.with };
    if (value === undefined) delete next[name];
    else next[name] = value;
    updateNode(id, { with: next });
  };
  return (
    <div className="param-form" data-testid={`params-${id}`}>
      {fields.map((f) => (
        <ParamField
          key={f.name}
          field={f}
          value={node.with?.[f.name]}
          onChange={(v) => set(f.name, v)}
          errors={nodeDiagnostics(diagnostics, id, `with.${f.name}`).map((d) => d.message)}
        />
      ))}
    </div>
  );
}
