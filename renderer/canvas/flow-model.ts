import type { Edge, Node } from '@xyflow/react';
import type { ComponentInfo, PortType } from '../../shared/pipeline/component-info';
import type { Diagnostic, PipelineDocument } from '../../shared/pipeline/document';
import { nodeEdges } from '../../shared/pipeline/graph';
import { nodeOutputs } from '../../shared/pipeline/validate';
import { autoLayout } from './auto-layout';
import type { Catalog, PortInfo } from './ports';
import { nodePorts } from './ports';

/** What a canvas node draws; derived from the document, never edited in place. */
export type CanvasNodeData = {
  id: string;
  use: string;
  info: ComponentInfo | null;
  inputs: PortInfo[];
  outputs: PortInfo[];
  /** Which inputs are bound (drawn filled). */
  bound: string[];
  errors: Diagnostic[];
  stale: boolean;
  text: string | null;
};
export type CanvasNode = Node<CanvasNodeData, 'pipeline'>;
export type CanvasEdgeData = { type: PortType | 'value' };
export type CanvasEdge = Edge<CanvasEdgeData>;

/**
 * React Flow nodes for the document. A node without a stored position gets one from the
 * auto-layout, so a pipeline written by hand (or by the CLI) opens readable. `previous` lets
 * unchanged nodes keep their identity and measured size, so React Flow does not re-measure.
 */
export function toFlowNodes(
  doc: PipelineDocument,
  catalog: Catalog,
  diagnostics: readonly Diagnostic[],
  stale: readonly string[],
  selection: readonly string[],
  previous: readonly CanvasNode[],
): CanvasNode[] {
  const prev = new Map(previous.map((n) => [n.id, n]));
  const missing = Object.keys(doc.nodes).filter((id) => !doc.layout[id]);
  const placed = missing.length > 0 ? autoLayout(doc, catalog) : {};
  const staleSet = new Set(stale);
  const selected = new Set(selection);
  return Object.entries(doc.nodes).map(([id, node]) => {
    const info = catalog.get(node.use) ?? null;
    const { inputs, outputs } = nodePorts(node, info ?? undefined);
    const pos = doc.layout[id] ?? placed[id] ?? [0, 0];
    const data: CanvasNodeData = {
      id,
      use: node.use,
      info,
      inputs,
      outputs,
      bound: Object.keys(node.in ?? {}),
      errors: diagnostics.filter((d) => d.nodeId === id && d.severity === 'error'),
      stale: staleSet.has(id),
      text: info?.hasText ? (node.text ?? '') : null,
    };
    const old = prev.get(id);
    const same =
      old &&
      old.position.x === pos[0] &&
      old.position.y === pos[1] &&
      old.selected === selected.has(id) &&
      JSON.stringify(old.data) === JSON.stringify(data);
    if (old && same) return old;
    return {
      id,
      type: 'pipeline',
      position: { x: pos[0], y: pos[1] },
      data,
      selected: selected.has(id),
      ...(old?.measured ? { measured: old.measured } : {}),
    };
  });
}

export function toFlowEdges(doc: PipelineDocument, catalog: Catalog, selectedEdges: ReadonlySet<string>): CanvasEdge[] {
  return nodeEdges(doc).map(({ from, to }) => {
    const upstream = doc.nodes[from.node];
    const info = upstream ? catalog.get(upstream.use) : undefined;
    const type = upstream && info ? (nodeOutputs(upstream, info)[from.port] ?? 'value') : 'value';
    const id = edgeId(to.node, to.port);
    return {
      id,
      source: from.node,
      sourceHandle: from.port,
      target: to.node,
      targetHandle: to.port,
      data: { type },
      className: `edge-${type}`,
      selected: selectedEdges.has(id),
    };
  });
}

/** An input takes one binding, so the input names the edge. */
export const edgeId = (node: string, port: string): string => `${node}:${port}`;
export function parseEdgeId(id: string): { node: string; port: string } | null {
  const at = id.lastIndexOf(':');
  return at <= 0 ? null : { node: id.slice(0, at), port: id.slice(at + 1) };
}
