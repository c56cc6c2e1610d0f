import { describe, expect, it } from 'vitest';
import type { PipelineDocument, PipelineNode } from './document';
import { downstreamOf, findCycles, nodeEdges, parseBinding, topologicalOrder, upstreamOf } from './graph';

/** A document from `id: [upstream ids]`, in the given (file) order. */
function graph(spec: Record<string, string[]>): PipelineDocument {
  const nodes: Record<string, PipelineNode> = {};
  for (const [id, ups] of Object.entries(spec)) {
    nodes[id] = ups.length ? { use: 'x@1', in: Object.fromEntries(ups.map((u, i) => [`in${i}`, `${u}.out`])) } : { use: 'x@1' };
  }
  return { nodebook: 1, name: 'g', params: {}, nodes, layout: {} };
}

describe('parseBinding', () => {
  it('splits node from port at the first dot and refuses other shapes', () => {
    expect(parseBinding('penguins.table')).toEqual({ node: 'penguins', port: 'table' });
    expect(parseBinding('split-1.train_x')).toEqual({ node: 'split-1', port: 'train_x' });
    for (const bad of ['penguins', 'a.b.c', '.x', 'a.', '1a.b', 'a .b', '']) expect(parseBinding(bad), bad).toBeNull();
  });
});

describe('nodeEdges', () => {
  it('lists bindings in file order and leaves out bindings to missing nodes', () => {
    const doc = graph({ a: [], b: ['a'], c: ['a', 'b', 'ghost'] });
    expect(nodeEdges(doc)).toEqual([
      { from: { node: 'a', port: 'out' }, to: { node: 'b', port: 'in0' } },
      { from: { node: 'a', port: 'out' }, to: { node: 'c', port: 'in0' } },
      { from: { node: 'b', port: 'out' }, to: { node: 'c', port: 'in1' } },
    ]);
  });
});

describe('topologicalOrder', () => {
  it('breaks ties by file order', () => {
    // z and a are both roots; z comes first in the file, so it goes first.
    expect(topologicalOrder(graph({ z: [], a: [], m: ['a'], b: ['z'] }))).toEqual(['z', 'a', 'm', 'b']);
    // a node written before its upstream still waits for it, then the file order resumes
    expect(topologicalOrder(graph({ report: ['train'], train: ['data'], data: [], other: [] }))).toEqual(['data', 'train', 'report', 'other']);
  });

  it('puts a node freed late before later-written ready nodes only when it comes earlier in the file', () => {
    expect(topologicalOrder(graph({ a: [], c: ['a'], b: [], d: [] }))).toEqual(['a', 'c', 'b', 'd']);
    expect(topologicalOrder(graph({ a: [], b: [], d: [], c: ['a'] }))).toEqual(['a', 'b', 'd', 'c']);
  });

  it('returns what it can when there is a cycle, without throwing', () => {
    expect(topologicalOrder(graph({ a: [], b: ['a', 'c'], c: ['b'], d: ['c'], e: ['a'] }))).toEqual(['a', 'e']);
  });
});

describe('findCycles', () => {
  it('finds none in a DAG, a self-loop, and each cycle in walking order', () => {
    expect(findCycles(graph({ a: [], b: ['a'], c: ['a', 'b'] }))).toEqual([]);
    expect(findCycles(graph({ a: ['a'] }))).toEqual([['a']]);
    // b -> c -> d -> b (c reads b, d reads c, b reads d), and a separate x <-> y
    const doc = graph({ x: ['y'], a: [], b: ['a', 'd'], c: ['b'], d: ['c'], y: ['x'] });
    expect(findCycles(doc)).toEqual([['x', 'y'], ['b', 'c', 'd']]);
  });

  it('lists a tangle of cycles once, in file order', () => {
    // a <-> b and b <-> c share b: one strongly connected component
    expect(findCycles(graph({ a: ['b'], b: ['a', 'c'], c: ['b'] }))).toEqual([['a', 'b', 'c']]);
  });
});

describe('upstreamOf / downstreamOf', () => {
  const doc = graph({ data: [], split: ['data'], train: ['split'], evaluate: ['train', 'split'], other: [] });
  it('includes the given ids and everything they depend on', () => {
    expect(upstreamOf(doc, ['evaluate'])).toEqual(new Set(['evaluate', 'train', 'split', 'data']));
    expect(upstreamOf(doc, ['other', 'split'])).toEqual(new Set(['other', 'split', 'data']));
  });
  it('includes the given ids and everything that depends on them', () => {
    expect(downstreamOf(doc, ['split'])).toEqual(new Set(['split', 'train', 'evaluate']));
    expect(downstreamOf(doc, ['evaluate'])).toEqual(new Set(['evaluate']));
  });
  it('terminates on cycles', () => {
    expect(downstreamOf(graph({ a: ['b'], b: ['a'] }), ['a'])).toEqual(new Set(['a', 'b']));
  });
});
