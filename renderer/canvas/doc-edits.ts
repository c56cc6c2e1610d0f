import type { ComponentInfo } from '../../shared/pipeline/component-info';
import type { PipelineDocument, PipelineNode } from '../../shared/pipeline/document';
import { NODE_ID_PATTERN } from '../../shared/pipeline/document';
import type { PortRef } from '../../shared/pipeline/graph';
import { parseBinding } from '../../shared/pipeline/graph';

/**
 * Pure, immutable edits of a pipeline document. The editor store composes them with history
 * and staleness; keeping them here makes every edit testable without React or a backend.
 * Node order is file order (it shows in git diffs and the notebook), so edits keep it.
 */

/** `data.read_csv@1` -> `read_csv`: short ids read well in bindings (`read_csv.table`). */
export function baseIdFor(componentKey: string): string {
  const id = componentKey.split('@')[0] ?? componentKey;
  const last = id.split('.').pop() ?? id;
  const clean = last.replace(/[^A-Za-z0-9_-]/g, '_');
  return NODE_ID_PATTERN.test(clean) ? clean : `n_${clean}`;
}

export function uniqueNodeId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
}

/** A fresh node of a component, with the keys validation requires of its kind. */
export function newNode(info: ComponentInfo): PipelineNode {
  const node: PipelineNode = { use: info.key };
  if (info.codeLanguage !== null) node.code = '';
  if (info.hasText) node.text = '';
  return node;
}

export function insertNode(doc: PipelineDocument, id: string, node: PipelineNode, position: [number, number]): PipelineDocument {
  return { ...doc, nodes: { ...doc.nodes, [id]: node }, layout: { ...doc.layout, [id]: position } };
}

/** Shallow patch; a key patched to undefined is removed (so `with`, `in`, `out` can be cleared). */
export function patchNode(doc: PipelineDocument, id: string, patch: Partial<PipelineNode>): PipelineDocument {
  const node = doc.nodes[id];
  if (!node) return doc;
  const next: PipelineNode = { ...node, ...patch };
  for (const key of ['in', 'with', 'code', 'out', 'text'] as const) {
    const value = next[key];
    if (value === undefined || (typeof value === 'object' && Object.keys(value).length === 0)) delete next[key];
  }
  return { ...doc, nodes: { ...doc.nodes, [id]: next } };
}

/** Removes nodes, their positions, and every binding that read from them. */
export function removeNodes(doc: PipelineDocument, ids: readonly string[]): PipelineDocument {
  const gone = new Set(ids);
  const nodes: Record<string, PipelineNode> = {};
  for (const [id, node] of Object.entries(doc.nodes)) {
    if (gone.has(id)) continue;
    const kept = Object.entries(node.in ?? {}).filter(([, b]) => !gone.has(parseBinding(b)?.node ?? ''));
    nodes[id] = kept.length === Object.keys(node.in ?? {}).length ? node : withIn(node, Object.fromEntries(kept));
  }
  const layout = Object.fromEntries(Object.entries(doc.layout).filter(([id]) => !gone.has(id)));
  return { ...doc, nodes, layout };
}

export function renameNode(doc: PipelineDocument, from: string, to: string): { doc: PipelineDocument } | { error: string } {
  if (from === to) return { doc };
  if (!Object.hasOwn(doc.nodes, from)) return { error: `no node "${from}"` };
  if (!NODE_ID_PATTERN.test(to)) return { error: 'an id starts with a letter or _ and holds only letters, digits, _ and -' };
  if (Object.hasOwn(doc.nodes, to)) return { error: `a node "${to}" already exists` };
  const nodes: Record<string, PipelineNode> = {};
  for (const [id, node] of Object.entries(doc.nodes)) {
    const bindings = Object.entries(node.in ?? {});
    const rewritten = bindings.map(([input, b]): [string, string] => {
      const ref = parseBinding(b);
      return [input, ref?.node === from ? `${to}.${ref.port}` : b];
    });
    const changed = rewritten.some(([, b], i) => b !== bindings[i]?.[1]);
    nodes[id === from ? to : id] = changed ? withIn(node, Object.fromEntries(rewritten)) : node;
  }
  const layout = Object.fromEntries(Object.entries(doc.layout).map(([id, p]) => [id === from ? to : id, p]));
  return { doc: { ...doc, nodes, layout } };
}

/** Binds (or with `from` null, unbinds) one input. */
export function setBinding(doc: PipelineDocument, to: PortRef, from: PortRef | null): PipelineDocument {
  const node = doc.nodes[to.node];
  if (!node) return doc;
  const inputs = { ...(node.in ?? {}) };
  if (from) inputs[to.port] = `${from.node}.${from.port}`;
  else delete inputs[to.port];
  return { ...doc, nodes: { ...doc.nodes, [to.node]: withIn(node, inputs) } };
}

export function withIn(node: PipelineNode, inputs: Record<string, string>): PipelineNode {
  const { in: _old, ...rest } = node;
  return Object.keys(inputs).length === 0 ? rest : { ...rest, in: inputs };
}

/** Ids present in `after` whose definition (not position) differs from `before`, or that are new. */
export function changedNodes(before: PipelineDocument, after: PipelineDocument): string[] {
  return Object.entries(after.nodes)
    .filter(([id, node]) => {
      const old = before.nodes[id];
      return !old || JSON.stringify(old) !== JSON.stringify(node);
    })
    .map(([id]) => id);
}

/** The documents differ only in layout (or not at all). */
export function sameSemantics(a: PipelineDocument, b: PipelineDocument): boolean {
  return JSON.stringify({ ...a, layout: {} }) === JSON.stringify({ ...b, layout: {} });
}
