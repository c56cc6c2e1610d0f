import type { PipelineDocument, PipelineNode } from '../../shared/pipeline/document';
import { parseBinding } from '../../shared/pipeline/graph';
import { parsePipeline } from '../../shared/pipeline/parse';
import { serializePipeline } from '../../shared/pipeline/serialize';
import { uniqueNodeId, withIn } from './doc-edits';

/**
 * Copy/paste as pipeline YAML: the clipboard holds a small, valid pipeline document, so nodes
 * travel between pipelines, windows and text editors (paste one into a file and it loads).
 */
export function copyNodes(doc: PipelineDocument, ids: readonly string[]): string | null {
  const picked = ids.filter((id) => Object.hasOwn(doc.nodes, id));
  if (picked.length === 0) return null;
  const nodes: Record<string, PipelineNode> = {};
  const layout: Record<string, [number, number]> = {};
  for (const id of Object.keys(doc.nodes)) {
    const node = doc.nodes[id];
    if (!node || !picked.includes(id)) continue;
    nodes[id] = node;
    const p = doc.layout[id];
    if (p) layout[id] = p;
  }
  return serializePipeline({ nodebook: 1, name: 'clipboard', params: {}, nodes, layout });
}

export interface Pasted {
  doc: PipelineDocument;
  ids: string[];
}

/**
 * Adds the nodes of clipboard YAML to `doc`. Ids that are taken get a suffix and the bindings
 * between pasted nodes follow them; a binding to a node outside the paste is dropped, since in
 * another pipeline that name may mean something else. Positions keep their arrangement and are
 * shifted by `offset` (or moved so the group's top-left lands at `at`).
 */
export function pasteNodes(doc: PipelineDocument, text: string, place: { offset?: [number, number]; at?: [number, number] } = {}): Pasted | { error: string } {
  const parsed = parsePipeline(text);
  if (!parsed.doc || Object.keys(parsed.doc.nodes).length === 0) return { error: 'the clipboard holds no Nodebook nodes' };
  const source = parsed.doc;
  const taken = new Set(Object.keys(doc.nodes));
  const rename = new Map<string, string>();
  for (const id of Object.keys(source.nodes)) {
    const fresh = uniqueNodeId(id, taken);
    taken.add(fresh);
    rename.set(id, fresh);
  }
  const positions = Object.values(source.layout);
  const minX = positions.length ? Math.min(...positions.map((p) => p[0])) : 0;
  const minY = positions.length ? Math.min(...positions.map((p) => p[1])) : 0;
  const [dx, dy] = place.at ? [place.at[0] - minX, place.at[1] - minY] : (place.offset ?? [40, 40]);

  const nodes = { ...doc.nodes };
  const layout = { ...doc.layout };
  const ids: string[] = [];
  let i = 0;
  for (const [id, node] of Object.entries(source.nodes)) {
    const newId = rename.get(id) ?? id;
    const inputs: Record<string, string> = {};
    for (const [input, b] of Object.entries(node.in ?? {})) {
      const ref = parseBinding(b);
      const target = ref ? rename.get(ref.node) : undefined;
      if (ref && target) inputs[input] = `${target}.${ref.port}`;
    }
    nodes[newId] = withIn(node, inputs);
    const p = source.layout[id] ?? [minX + 30 * i, minY + 30 * i];
    layout[newId] = [Math.round(p[0] + dx), Math.round(p[1] + dy)];
    ids.push(newId);
    i++;
  }
  return { doc: { ...doc, nodes, layout }, ids };
}
