import { describe, expect, it } from 'vitest';
import type { PipelineDocument, PipelineNode } from '../../shared/pipeline/document';
import { moveCell, notebookOrder, placeAfter, structureKey, withNodeOrder } from './cell-order';

const doc = (nodes: Record<string, PipelineNode>): PipelineDocument => ({ nodebook: 1, name: 't', params: {}, nodes, layout: {} });
const csv: PipelineNode = { use: 'data.read_csv@1', with: { path: 'data/x.csv' } };

// read -> split -> {profile, py}; note stands alone
const base = doc({
  intro: { use: 'note@1', text: '# hi' },
  read: csv,
  split: { use: 'data.split@1', in: { table: 'read.table' } },
  profile: { use: 'data.profile@1', in: { table: 'split.train' } },
  py: { use: 'code.python@1', in: { train: 'split.train' }, code: 'df = train', out: { df: 'table' } },
});

describe('notebookOrder', () => {
  it('is topological with file order for ties, and keeps nodes on a cycle at the end', () => {
    expect(notebookOrder(base)).toEqual(['intro', 'read', 'split', 'profile', 'py']);
    const cyc = doc({ a: { use: 'x@1', in: { i: 'b.o' } }, b: { use: 'x@1', in: { i: 'a.o' } }, c: csv });
    expect(notebookOrder(cyc)).toEqual(['c', 'a', 'b']);
  });
});

describe('moveCell', () => {
  it('swaps two independent neighbours by changing file order', () => {
    const order = moveCell(base, 'py', -1);
    expect(order).toEqual(['intro', 'read', 'split', 'py', 'profile']);
    expect(notebookOrder(withNodeOrder(base, order ?? []))).toEqual(['intro', 'read', 'split', 'py', 'profile']);
    const down = moveCell(base, 'profile', 1);
    expect(down && notebookOrder(withNodeOrder(base, down))).toEqual(['intro', 'read', 'split', 'py', 'profile']);
  });

  it('moves a free cell such as a note past any neighbour', () => {
    const order = moveCell(base, 'intro', 1);
    expect(order && notebookOrder(withNodeOrder(base, order))).toEqual(['read', 'intro', 'split', 'profile', 'py']);
  });

  it('refuses moves the graph forbids and moves past either end', () => {
    expect(moveCell(base, 'split', -1)).toBeNull(); // read feeds split
    expect(moveCell(base, 'split', 1)).toBeNull(); // split feeds profile
    expect(moveCell(base, 'intro', -1)).toBeNull();
    expect(moveCell(base, 'py', 1)).toBeNull();
    expect(moveCell(base, 'nope', 1)).toBeNull();
  });
});

describe('placeAfter and withNodeOrder', () => {
  it('puts a new cell right after the one it was added below', () => {
    const d = doc({ ...base.nodes, cell: { use: 'code.python@1', in: { read: 'read.table' }, code: '' } });
    const order = placeAfter(d, 'cell', 'read');
    expect(order).toEqual(['intro', 'read', 'cell', 'split', 'profile', 'py']);
    expect(notebookOrder(withNodeOrder(d, order))).toEqual(['intro', 'read', 'cell', 'split', 'profile', 'py']);
    expect(placeAfter(d, 'cell', 'missing')).toEqual(['intro', 'read', 'split', 'profile', 'py', 'cell']);
  });

  it('keeps every node and its content', () => {
    const re = withNodeOrder(base, ['py', 'read']);
    expect(Object.keys(re.nodes)).toEqual(['py', 'read', 'intro', 'split', 'profile']);
    expect(re.nodes.py).toBe(base.nodes.py);
  });
});

describe('structureKey', () => {
  it('ignores code and params but follows ids, components, bindings and outputs', () => {
    const base: PipelineDocument = {
      nodebook: 1,
      name: 'p',
      params: {},
      nodes: { a: { use: 'data.read_csv@1', with: { path: 'x.csv' } }, b: { use: 'code.python@1', in: { df: 'a.table' }, code: 'x = 1', out: { x: 'value' } } },
      layout: {},
    };
    const typed = { ...base, nodes: { ...base.nodes, b: { ...base.nodes.b, use: 'code.python@1', code: 'x = 12' } } };
    expect(structureKey(typed)).toBe(structureKey(base));
    const rewired = { ...base, nodes: { ...base.nodes, b: { ...base.nodes.b, use: 'code.python@1', in: {} } } };
    expect(structureKey(rewired)).not.toBe(structureKey(base));
  });
});
