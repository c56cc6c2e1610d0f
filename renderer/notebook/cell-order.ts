import type { PipelineDocument } from '../../shared/pipeline/document';
import { topologicalOrder } from '../../shared/pipeline/graph';

/**
 * The notebook shows nodes in topological order, ties broken by file order (graph.ts). So a
 * cell can only move where the graph allows: past a neighbour it neither feeds nor reads.
 * Moving it means changing its place in the file within such a tie; these functions compute
 * that new file order, and refuse a move that would not change what the notebook shows.
 */

/**
 * What the notebook's order, move buttons and input choices depend on: ids in file order, their
 * components, bindings and declared outputs. Code and params are left out, so typing in a cell
 * does not re-sort the graph.
 */
export function structureKey(doc: PipelineDocument): string {
  let key = structureKeys.get(doc);
  if (key === undefined) {
    key = JSON.stringify(Object.entries(doc.nodes).map(([id, n]) => [id, n.use, n.in ?? null, n.out ?? null]));
    structureKeys.set(doc, key);
  }
  return key;
}
// Every cell asks for the same document's key on each edit; compute it once per document.
const structureKeys = new WeakMap<PipelineDocument, string>();

/** Every node once: the topological order, then nodes on a cycle (which it leaves out) in file order. */
export function notebookOrder(doc: PipelineDocument): string[] {
  const order = topologicalOrder(doc);
  const seen = new Set(order);
  return [...order, ...Object.keys(doc.nodes).filter((id) => !seen.has(id))];
}

/** The document with its nodes in `order` (ids missing from it keep their relative place at the end). */
export function withNodeOrder(doc: PipelineDocument, order: readonly string[]): PipelineDocument {
  const ids = [...order.filter((id) => Object.hasOwn(doc.nodes, id)), ...Object.keys(doc.nodes).filter((id) => !order.includes(id))];
  const nodes: PipelineDocument['nodes'] = {};
  for (const id of ids) {
    const node = doc.nodes[id];
    if (node) nodes[id] = node;
  }
  return { ...doc, nodes };
}

/**
 * The file order that shows `id` one cell up (-1) or down (+1) in the notebook, or null when
 * the graph forbids it (its neighbour feeds it, or it feeds its neighbour) or it is at an end.
 */
export function moveCell(doc: PipelineDocument, id: string, dir: -1 | 1): string[] | null {
  const shown = notebookOrder(doc);
  const at = shown.indexOf(id);
  const neighbour = shown[at + dir];
  if (at < 0 || neighbour === undefined) return null;
  // Just before the neighbour in the file when moving up, just after it when moving down.
  const rest = Object.keys(doc.nodes).filter((x) => x !== id);
  const to = rest.indexOf(neighbour) + (dir === 1 ? 1 : 0);
  const next = [...rest.slice(0, to), id, ...rest.slice(to)];
  const result = notebookOrder(withNodeOrder(doc, next));
  const a = result.indexOf(id);
  const b = result.indexOf(neighbour);
  return (dir === -1 ? a < b : a > b) ? next : null;
}

/** The file order placing `id` right after `after`, so a cell added below another shows below it. */
export function placeAfter(doc: PipelineDocument, id: string, after: string): string[] {
  const file = Object.keys(doc.nodes).filter((x) => x !== id);
  const at = file.indexOf(after);
  if (at < 0) return [...file, id];
  return [...file.slice(0, at + 1), id, ...file.slice(at + 1)];
}
