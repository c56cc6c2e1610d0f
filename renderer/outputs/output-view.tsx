import { useState } from 'react';
import type { NodeOutput } from '../stores/run-events';
import { formatBytes } from './format-value';
import { JsonArtifactView } from './json-artifact-view';
import { TableGrid } from './table-grid';

/** One output port of a node, collapsible, with the viewer its type calls for. */
export function OutputView({ nodeId, port, output }: { nodeId: string; port: string; output: NodeOutput }) {
  const [open, setOpen] = useState(true);
  return (
    <section className="output" data-testid={`output-${nodeId}-${port}`} data-type={output.type}>
      <button type="button" className="output-head" onClick={() => setOpen(!open)} aria-expanded={open}>
        <span className="chevron">{open ? '▾' : '▸'}</span>
        <span className="output-port">{port}</span>
        <span className="muted">
          {output.type} · {formatBytes(output.size)}
        </span>
      </button>
      {open && (output.type === 'table' ? <TableGrid artifactId={output.artifactId} /> : <JsonArtifactView artifactId={output.artifactId} />)}
    </section>
  );
}
