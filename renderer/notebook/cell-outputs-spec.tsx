import { useState } from 'react';
import { portTypes, type PortType } from '../../shared/pipeline/component-info';
import type { PipelineNode } from '../../shared/pipeline/document';
import { PORT_NAME_PATTERN } from '../../shared/pipeline/document';
import { usePipelineEditorStore } from '../stores/pipeline-editor.store';

/** A code cell's declared outputs (`out:`): the variables read back after the code runs, with their types. */
export function CellOutputsSpec({ id, node }: { id: string; node: PipelineNode }) {
  const updateNode = usePipelineEditorStore((s) => s.updateNode);
  const [name, setName] = useState('');
  const [type, setType] = useState<PortType>('table');
  const out = node.out ?? {};
  const valid = PORT_NAME_PATTERN.test(name) && !Object.hasOwn(out, name);
  const add = () => {
    if (!valid) return;
    updateNode(id, { out: { ...out, [name]: type } });
    setName('');
  };
  const remove = (port: string) => updateNode(id, { out: Object.fromEntries(Object.entries(out).filter(([k]) => k !== port)) });
  return (
    <div className="cell-ports" data-testid={`outputs-spec-${id}`}>
      <span className="ports-label">out</span>
      {Object.entries(out).map(([port, t]) => (
        <span key={port} className="port-chip" data-testid={`out-${id}-${port}`}>
          <span className="port-name">{port}</span>
          <span className="muted">: {t}</span>
          <button type="button" className="icon-button" onClick={() => remove(port)} title={`Remove output ${port}`} aria-label={`remove output ${port}`}>
            ×
          </button>
        </span>
      ))}
      <span className="port-new">
        <input
          placeholder="variable"
          value={name}
          size={9}
          onChange={(e) => setName(e.target.value.trim())}
          onKeyDown={(e) => e.key === 'Enter' && add()}
          data-testid={`out-name-${id}`}
          aria-label="new output variable"
        />
        <select value={type} onChange={(e) => setType(portTypes.find((p) => p === e.target.value) ?? 'table')} data-testid={`out-type-${id}`} aria-label="new output type">
          {portTypes.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
        <button type="button" onClick={add} disabled={!valid} data-testid={`out-add-${id}`}>
          + output
        </button>
      </span>
    </div>
  );
}
