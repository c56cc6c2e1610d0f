import { describe, expect, it } from 'vitest';
import { transition } from './editor-transition';
import { catalogList, penguinsDoc } from './fixtures/catalog';

describe('editor transition', () => {
  it('marks changed nodes and their downstream stale, drops vanished ids, and revalidates', () => {
    const doc = penguinsDoc();
    const { note: _note, ...kept } = doc.nodes;
    const next = { ...doc, nodes: { ...kept, split: { ...doc.nodes.split!, with: { seed: 1 } } } };
    const after = transition({ doc, stale: ['note'], selection: ['note', 'read'] }, next, catalogList);
    expect(after.stale.sort()).toEqual(['profile', 'split']);
    expect(after.selection).toEqual(['read']);
    expect(after.diagnostics.map((d) => d.code)).toEqual(['layout-unknown-node']);
    const broken = { ...next, nodes: { ...next.nodes, profile: { use: 'data.profile@1' } } };
    expect(transition({ doc: next, stale: [], selection: [] }, broken, catalogList).diagnostics[0]?.code).toBe('missing-input');
  });
});
