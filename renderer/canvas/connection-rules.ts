import type { PipelineDocument } from '../../shared/pipeline/document';
import { PORT_NAME_PATTERN } from '../../shared/pipeline/document';
import type { PortRef } from '../../shared/pipeline/graph';
import { downstreamOf } from '../../shared/pipeline/graph';
import { nodeInputType, nodeOutputs } from '../../shared/pipeline/validate';
import type { Catalog } from './ports';
import { NEW_INPUT } from './ports';

/**
 * Why `from` (an output) may not feed `to` (an input), or null when it may. The checks run in
 * the order a user can act on: what the ports are, then the types, then the graph, then the
 * existing wiring. Used live while a connection is drawn, so it must stay cheap.
 */
export function connectionError(doc: PipelineDocument, catalog: Catalog, from: PortRef, to: PortRef): string | null {
  const source = doc.nodes[from.node];
  const target = doc.nodes[to.node];
  if (!source) return `no node "${from.node}"`;
  if (!target) return `no node "${to.node}"`;
  const sourceInfo = catalog.get(source.use);
  const targetInfo = catalog.get(target.use);
  if (!sourceInfo) return `unknown component ${source.use}`;
  if (!targetInfo) return `unknown component ${target.use}`;
  const outputType = nodeOutputs(source, sourceInfo)[from.port];
  if (outputType === undefined) return `${from.node} has no output "${from.port}"`;
  const adding = to.port === NEW_INPUT;
  if (!adding && !PORT_NAME_PATTERN.test(to.port)) return `"${to.port}" is not a valid input name`;
  const inputType = adding ? targetInfo.dynamicInputs ?? undefined : nodeInputType(targetInfo, to.port);
  if (inputType === undefined) return `${to.node} has no input "${to.port}"`;
  if (inputType !== outputType) return `type mismatch: ${outputType} → ${inputType}`;
  if (from.node === to.node || downstreamOf(doc, [to.node]).has(from.node)) return 'would create a cycle';
  const bound = adding ? undefined : target.in?.[to.port];
  if (bound !== undefined && bound !== `${from.node}.${from.port}`) return `input already bound (to ${bound}); disconnect it first`;
  return null;
}
