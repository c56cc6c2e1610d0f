import { useMemo, useState } from 'react';
import type { ComponentInfo } from '../../shared/pipeline/component-info';
import type { PipelineNode } from '../../shared/pipeline/document';
import { NEW_INPUT, toCatalog } from '../canvas/ports';
import { usePipelineEditorStore } from '../stores/pipeline-editor.store';
import { bindableOutputs } from './bindable-outputs';
import { structureKey } from './cell-order';

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A cell's inputs: what each reads, rebindable to any upstream output of the right type. Code
 * cells name their inputs (they are variables in the code), so those can be renamed, removed
 * and added.
 */
export function CellInputs({ id, node, info }: { id: string; node: PipelineNode; info: ComponentInfo | undefined }) {
  // The graph's structure, not the whole document: typing in any cell must not recompute this.
  const structure = usePipelineEditorStore((s) => (s.doc ? structureKey(s.doc) : null));
  const catalog = usePipelineEditorStore((s) => s.catalog);
  const { connect, disconnect, updateNode } = usePipelineEditorStore.getState();
  const [error, setError] = useState<string | null>(null);
  const dynamic = info?.dynamicInputs ?? null;
  const options = useMemo(() => {
    const doc = usePipelineEditorStore.getState().doc;
    return doc && structure !== null ? bindableOutputs(doc, toCatalog(catalog), id, dynamic) : [];
  }, [structure, catalog, id, dynamic]);
  const declared = Object.entries(info?.inputs ?? {});
  const named = Object.keys(node.in ?? {}).filter((n) => !Object.hasOwn(info?.inputs ?? {}, n));
  const ports = [...declared.map(([name, spec]) => ({ name, type: spec.type, fixed: true })), ...named.map((name) => ({ name, type: dynamic, fixed: false }))];
  if (ports.length === 0 && dynamic === null) return null;

  const bind = (port: string, value: string) => {
    setError(null);
    if (value === '') return disconnect({ node: id, port });
    const [from, out] = value.split('.');
    if (!from || !out) return;
    const result = connect({ node: from, port: out }, { node: id, port });
    if (result.error) setError(result.error);
  };
  const rename = (from: string, to: string) => {
    if (from === to) return;
    if (!VARIABLE.test(to) || Object.hasOwn(node.in ?? {}, to)) return setError(`"${to}" is not a free variable name`);
    setError(null);
    updateNode(id, { in: Object.fromEntries(Object.entries(node.in ?? {}).map(([k, v]) => [k === from ? to : k, v])) });
  };
  const add = (value: string) => {
    const [from, out] = value.split('.');
    if (!from || !out) return;
    const result = connect({ node: from, port: out }, { node: id, port: NEW_INPUT });
    if (result.error) return setError(result.error);
    // The variable reads best named after the port it holds (`train`), when that name is free.
    if (result.port && result.port !== out && VARIABLE.test(out) && !Object.hasOwn(node.in ?? {}, out)) rename(result.port, out);
  };

  return (
    <div className="cell-ports" data-testid={`inputs-${id}`}>
      <span className="ports-label">in</span>
      {ports.map((p) => {
        const binding = node.in?.[p.name] ?? '';
        const choices = options.filter((o) => p.type === null || o.type === p.type);
        return (
          <span key={p.name} className="port-chip">
            {p.fixed ? (
              <span className="port-name">{p.name}</span>
            ) : (
              <input
                className="port-name-input"
                defaultValue={p.name}
                size={Math.max(4, p.name.length)}
                aria-label={`rename input ${p.name}`}
                data-testid={`input-name-${id}-${p.name}`}
                onBlur={(e) => rename(p.name, e.target.value.trim())}
                onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
              />
            )}
            <span className="muted">←</span>
            <select value={binding} onChange={(e) => bind(p.name, e.target.value)} data-testid={`input-bind-${id}-${p.name}`}>
              <option value="">(not connected)</option>
              {binding && !choices.some((o) => `${o.node}.${o.port}` === binding) && <option value={binding}>{binding}</option>}
              {choices.map((o) => (
                <option key={`${o.node}.${o.port}`} value={`${o.node}.${o.port}`}>
                  {o.node}.{o.port}
                </option>
              ))}
            </select>
          </span>
        );
      })}
      {dynamic !== null && (
        <select className="port-add" value="" onChange={(e) => add(e.target.value)} data-testid={`input-add-${id}`} aria-label="add an input">
          <option value="">+ input</option>
          {options.map((o) => (
            <option key={`${o.node}.${o.port}`} value={`${o.node}.${o.port}`}>
              {o.node}.{o.port}
            </option>
          ))}
        </select>
      )}
      {error && <span className="port-error">{error}</span>}
    </div>
  );
}
