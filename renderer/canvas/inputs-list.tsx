import type { ComponentInfo } from '../../shared/pipeline/component-info';
import type { PipelineNode } from '../../shared/pipeline/document';
import { PORT_NAME_PATTERN } from '../../shared/pipeline/document';
import { usePipelineEditorStore } from '../stores/pipeline-editor.store';
import { DraftInput } from './draft-input';
import { nodePorts } from './ports';

/** The node's inputs and what feeds them; dynamic inputs (SQL views, code variables) can be renamed here. */
export function InputsList({ id, node, info }: { id: string; node: PipelineNode; info: ComponentInfo }) {
  const disconnect = usePipelineEditorStore((s) => s.disconnect);
  const updateNode = usePipelineEditorStore((s) => s.updateNode);
  const { inputs } = nodePorts(node, info);
  const renameInput = (from: string, to: string) => {
    if (!PORT_NAME_PATTERN.test(to) || Object.hasOwn(node.in ?? {}, to) || Object.hasOwn(info.inputs, to)) return;
    const renamed = Object.entries(node.in ?? {}).map(([k, v]): [string, string] => [k === from ? to : k, v]);
    updateNode(id, { in: Object.fromEntries(renamed) });
  };
  return (
    <section className="insp-section">
      <h3>Inputs</h3>
      {inputs.length === 0 ? <p className="muted small">Drop a {info.dynamicInputs} on the “+ input” port to add a named input.</p> : null}
      <ul className="inputs-list">
        {inputs.map((p) => {
          const bound = node.in?.[p.name];
          return (
            <li key={p.name} className={`port-${p.type}`}>
              <span className="port-dot" />
              {p.dynamic ? (
                <DraftInput className="input-name" aria-label={`name of input ${p.name}`} data-testid={`input-name-${p.name}`} text={p.name} onText={(t) => renameInput(p.name, t.trim())} spellCheck={false} />
              ) : (
                <span className="input-name">{p.name}</span>
              )}
              <span className="muted">{p.type}</span>
              <span className="grow">{bound ? <code>← {bound}</code> : <span className={p.optional ? 'muted' : 'pfield-error'}>{p.optional ? 'optional' : 'not connected'}</span>}</span>
              {bound ? (
                <button type="button" className="link" title="Disconnect" data-testid={`disconnect-${p.name}`} onClick={() => disconnect({ node: id, port: p.name })}>
                  ✕
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
