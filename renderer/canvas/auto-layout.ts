import dagre from '@dagrejs/dagre';
import type { PipelineDocument } from '../../shared/pipeline/document';
import { nodeEdges } from '../../shared/pipeline/graph';
import type { Catalog } from './ports';
import { nodePorts } from './ports';

export const NODE_WIDTH = 220;
const HEADER = 58;
const PORT_ROW = 22;

/** The size a node is drawn at (canvas-node.tsx follows the same measures). */
export function nodeSize(doc: PipelineDocument, catalog: Catalog, id: string): { width: number; height: number } {
  const node = doc.nodes[id];
  if (!node) return { width: NODE_WIDTH, height: HEADER };
  const info = catalog.get(node.use);
  const { inputs, outputs } = nodePorts(node, info);
  const rows = Math.max(inputs.length + (info?.dynamicInputs ? 1 : 0), outputs.length, 1);
  const extra = info?.hasText ? 40 : 0;
  return { width: NODE_WIDTH, height: HEADER + rows * PORT_ROW + extra };
}

/** Left-to-right layered layout (dagre); positions are top-left corners, as React Flow wants. */
export function autoLayout(doc: PipelineDocument, catalog: Catalog, ids: readonly string[] = Object.keys(doc.nodes)): Record<string, [number, number]> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 90, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const included = new Set(ids);
  for (const id of ids) g.setNode(id, nodeSize(doc, catalog, id));
  for (const { from, to } of nodeEdges(doc)) {
    if (included.has(from.node) && included.has(to.node) && from.node !== to.node) g.setEdge(from.node, to.node);
  }
  dagre.layout(g);
  const out: Record<string, [number, number]> = {};
  for (const id of ids) {
    const n = g.node(id);
    out[id] = [Math.round(n.x - n.width / 2), Math.round(n.y - n.height / 2)];
  }
  return out;
}

/** A free spot for a new node: right of everything on the canvas, at the top. */
export function freeSpot(doc: PipelineDocument): [number, number] {
  const positions = Object.values(doc.layout);
  if (positions.length === 0) return [0, 0];
  const maxX = Math.max(...positions.map((p) => p[0]));
  const minY = Math.min(...positions.map((p) => p[1]));
  return [maxX + NODE_WIDTH + 60, minY];
}
