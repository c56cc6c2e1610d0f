import { describe, expect, it } from 'vitest';
import { autoLayout, nodeSize } from './auto-layout';
import { catalog, penguinsDoc } from './fixtures/catalog';

describe('autoLayout', () => {
  it('places every node left to right along its edges without overlaps', () => {
    const base = penguinsDoc();
    const doc = {
      ...base,
      nodes: {
        ...base.nodes,
        sample: { use: 'data.sample@1', in: { table: 'split.test' } },
        v: { use: 'data.validate@1', in: { table: 'split.train', reference: 'sample.table' } },
        w: { use: 'data.write@1', in: { table: 'read.table' } },
      },
    };
    const pos = autoLayout(doc, catalog);
    const ids = Object.keys(doc.nodes);
    expect(Object.keys(pos).sort()).toEqual([...ids].sort());
    expect(pos.read![0]).toBeLessThan(pos.split![0]);
    expect(pos.split![0]).toBeLessThan(pos.profile![0]);
    expect(pos.sample![0]).toBeLessThan(pos.v![0]);
    const boxes = ids.map((id) => ({ id, x: pos[id]![0], y: pos[id]![1], ...nodeSize(doc, catalog, id) }));
    for (const a of boxes) {
      for (const b of boxes) {
        if (a.id >= b.id) continue;
        const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
        expect(overlap, `${a.id} overlaps ${b.id}`).toBe(false);
      }
    }
  });
});
