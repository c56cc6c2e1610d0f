import type { PipelineDocument } from './document';
import { BINDING_PATTERN } from './document';

export interface PortRef {
  node: string;
  port: string;
}
export interface Edge {
  from: PortRef;
  to: PortRef;
}

/** `penguins.table` -> `{ node: 'penguins', port: 'table' }`; null when not `<node>.<port>`. */
export function parseBinding(s: string): PortRef | null {
  if (!BINDING_PATTERN.test(s)) return null;
  const dot = s.indexOf('.');
  return { node: s.slice(0, dot), port: s.slice(dot + 1) };
}

/**
 * Every well-formed binding between two nodes of the document, in file order (node, then input).
 * Bindings to a node that does not exist are left out: there is nothing to draw or order; the
 * validator reports them.
 */
export function nodeEdges(doc: PipelineDocument): Edge[] {
  const edges: Edge[] = [];
  for (const [id, node] of Object.entries(doc.nodes)) {
    for (const [input, binding] of Object.entries(node.in ?? {})) {
      const from = parseBinding(binding);
      if (from && Object.hasOwn(doc.nodes, from.node)) edges.push({ from, to: { node: id, port: input } });
    }
  }
  return edges;
}

interface Adjacency {
  ids: string[];
  upstream: Map<string, Set<string>>;
  downstream: Map<string, Set<string>>;
}

function adjacency(doc: PipelineDocument): Adjacency {
  const ids = Object.keys(doc.nodes);
  const upstream = new Map(ids.map((id) => [id, new Set<string>()]));
  const downstream = new Map(ids.map((id) => [id, new Set<string>()]));
  for (const { from, to } of nodeEdges(doc)) {
    upstream.get(to.node)?.add(from.node);
    downstream.get(from.node)?.add(to.node);
  }
  return { ids, upstream, downstream };
}

/**
 * Kahn's algorithm; among ready nodes the one written first in the file goes first, so the
 * notebook order is stable and follows the author's order where the graph allows. Nodes on a
 * cycle, and everything downstream of one, cannot be ordered and are left out (see findCycles).
 */
export function topologicalOrder(doc: PipelineDocument): string[] {
  const { ids, upstream, downstream } = adjacency(doc);
  const position = new Map(ids.map((id, i) => [id, i]));
  const waiting = new Map(ids.map((id) => [id, upstream.get(id)?.size ?? 0]));
  // Ready nodes kept sorted by file position; pipelines are small enough for a sorted array.
  const ready = ids.filter((id) => waiting.get(id) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift();
    if (id === undefined) break;
    order.push(id);
    for (const next of downstream.get(id) ?? []) {
      const left = (waiting.get(next) ?? 0) - 1;
      waiting.set(next, left);
      if (left === 0) {
        const at = position.get(next) ?? 0;
        const index = ready.findIndex((r) => (position.get(r) ?? 0) > at);
        ready.splice(index === -1 ? ready.length : index, 0, next);
      }
    }
  }
  return order;
}

/**
 * The cycles of the graph, one per strongly connected component (a node bound to itself counts).
 * A simple cycle is listed in walking order from its first node in the file (`a, b, c` for
 * a -> b -> c -> a); a tangle of several cycles is listed in file order. Cycles are sorted by
 * their first node's position in the file.
 */
export function findCycles(doc: PipelineDocument): string[][] {
  const { ids, downstream } = adjacency(doc);
  const position = new Map(ids.map((id, i) => [id, i]));
  const cycles: string[][] = [];
  for (const component of stronglyConnected(ids, downstream)) {
    const first = component[0];
    if (first === undefined) continue;
    if (component.length === 1 && !downstream.get(first)?.has(first)) continue;
    const members = [...component].sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
    cycles.push(walkIfSimple(members, downstream) ?? members);
  }
  return cycles.sort((a, b) => (position.get(a[0] ?? '') ?? 0) - (position.get(b[0] ?? '') ?? 0));
}

function walkIfSimple(members: string[], downstream: ReadonlyMap<string, ReadonlySet<string>>): string[] | null {
  const inside = new Set(members);
  const start = members[0];
  if (start === undefined) return null;
  const walk: string[] = [];
  let current = start;
  do {
    const next = [...(downstream.get(current) ?? [])].filter((n) => inside.has(n));
    if (next.length !== 1 || walk.includes(current)) return null;
    walk.push(current);
    current = next[0] ?? start;
  } while (current !== start);
  return walk.length === members.length ? walk : null;
}

/** Tarjan's algorithm, iterative so a long chain cannot overflow the stack. */
function stronglyConnected(ids: readonly string[], downstream: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const root of ids) {
    if (index.has(root)) continue;
    const frames: { id: string; next: string[] }[] = [];
    const enter = (id: string) => {
      index.set(id, counter);
      low.set(id, counter);
      counter++;
      stack.push(id);
      onStack.add(id);
      frames.push({ id, next: [...(downstream.get(id) ?? [])] });
    };
    enter(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      if (!frame) break;
      const child = frame.next.shift();
      if (child !== undefined) {
        if (!index.has(child)) enter(child);
        else if (onStack.has(child)) low.set(frame.id, Math.min(low.get(frame.id) ?? 0, index.get(child) ?? 0));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id) ?? 0, low.get(frame.id) ?? 0));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let member: string | undefined;
        do {
          member = stack.pop();
          if (member === undefined) break;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        components.push(component);
      }
    }
  }
  return components;
}

function reach(start: readonly string[], next: ReadonlyMap<string, ReadonlySet<string>>): Set<string> {
  const seen = new Set(start);
  const queue = [...start];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const n of next.get(id) ?? []) {
      if (!seen.has(n)) {
        seen.add(n);
        queue.push(n);
      }
    }
  }
  return seen;
}

/** `ids` and everything they depend on (what "run this cell" must run). */
export function upstreamOf(doc: PipelineDocument, ids: readonly string[]): Set<string> {
  return reach(ids, adjacency(doc).upstream);
}

/** `ids` and everything that depends on them (what an edit makes stale). */
export function downstreamOf(doc: PipelineDocument, ids: readonly string[]): Set<string> {
  return reach(ids, adjacency(doc).downstream);
}
