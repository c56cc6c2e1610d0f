import { useState } from 'react';
import type { PortType } from '../../shared/pipeline/component-info';
import { portTypes } from '../../shared/pipeline/component-info';
import type { PipelineNode } from '../../shared/pipeline/document';
import { PORT_NAME_PATTERN } from '../../shared/pipeline/document';
import { usePipelineEditorStore } from '../stores/pipeline-editor.store';

/** A code cell's `out:`: the variables it hands downstream, each with its port type. */
export function OutputsEditor({ id, node }: { id: string; node: PipelineNode }) {
  const updateNode = usePipelineEditorStore((s) => s.updateNode);
  const [name, setName] = useState('');
  const [type, setType] = useState<PortType>('table');
  const out = node.out ?? {};
  const valid = PORT_NAME_PATTERN.test(name) && !Object.hasOwn(out, name);
  const setOut = (next: Record<string, PortType>) => updateNode(id, { out: next });
  return (
    <section className="insp-section">
      <h3>Outputs</h3>
      <ul className="inputs-list">
        {Object.entries(out).map(([port, t]) => (
          <li key={port} className={`port-${t}`}>
            <span className="port-dot" />
            <span className="input-name">{port}</span>
            <select aria-label={`type of ${port}`} value={t} onChange={(e) => setOut({ ...out, [port]: portTypes.find((p) => p === e.target.value) ?? t })}>
              {portTypes.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
            <span className="grow" />
            <button type="button" className="link" title={`Remove output ${port}`} onClick={() => setOut(Object.fromEntries(Object.entries(out).filter(([k]) => k !== port)))}>
              ✕
            </button>
          </li>
        ))}
      </ul>
      <div className="record-row">
        <input placeholder="variable name" value={name} onChange={(e) => setName(e.target.value)} data-testid="new-output-name" spellCheck={false} />
        <select aria-label="type of the new output" value={type} onChange={(e) => setType(portTypes.find((p) => p === e.target.value) ?? 'table')}>
          {portTypes.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
        <button
          type="button"
          disabled={!valid}
          onClick={() => {
            setOut({ ...out, [name]: type });
            setName('');
          }}
        >
          Add
        </button>
      </div>
    </section>
  );
}
