import type { PortType } from '../../shared/pipeline/component-info';
import type { PipelineDocument } from '../../shared/pipeline/document';
import { downstreamOf } from '../../shared/pipeline/graph';
import { nodePorts, type Catalog } from '../canvas/ports';
import { notebookOrder } from './cell-order';

export interface OutputRef {
  node: string;
  port: string;
  type: PortType;
}

/**
 * Outputs a node's input may bind to: every output of the right type on a node that does not
 * depend on it (binding to one would close a cycle), in notebook order.
 */
export function bindableOutputs(doc: PipelineDocument, catalog: Catalog, id: string, type: PortType | null): OutputRef[] {
  const blocked = downstreamOf(doc, [id]);
  const out: OutputRef[] = [];
  for (const other of notebookOrder(doc)) {
    const node = doc.nodes[other];
    if (!node || blocked.has(other)) continue;
    for (const p of nodePorts(node, catalog.get(node.use)).outputs) if (type === null || p.type === type) out.push({ node: other, port: p.name, type: p.type });
  }
  return out;
}
