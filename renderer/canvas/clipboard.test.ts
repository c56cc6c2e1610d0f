import { describe, expect, it } from 'vitest';
import { parsePipeline } from '../../shared/pipeline/parse';
import { copyNodes, pasteNodes } from './clipboard';
import { penguinsDoc } from './fixtures/catalog';

describe('clipboard YAML', () => {
  it('round-trips nodes into another pipeline, keeping internal bindings and dropping external ones', () => {
    const text = copyNodes(penguinsDoc(), ['split', 'profile'])!;
    expect(parsePipeline(text).doc?.nodes.split?.in).toEqual({ table: 'read.table' });
    const target = { nodebook: 1 as const, name: 'other', params: {}, nodes: {}, layout: {} };
    const pasted = pasteNodes(target, text, { at: [100, 100] });
    if ('error' in pasted) throw new Error(pasted.error);
    expect(pasted.ids).toEqual(['split', 'profile']);
    expect(pasted.doc.nodes.split).toEqual({ use: 'data.split@1', with: { seed: '${params.seed}' } });
    expect(pasted.doc.nodes.profile?.in).toEqual({ table: 'split.train' });
    expect(pasted.doc.layout).toEqual({ split: [100, 100], profile: [380, 100] });
  });
  it('renames pasted nodes that clash and rewires their bindings', () => {
    const doc = penguinsDoc();
    const pasted = pasteNodes(doc, copyNodes(doc, ['split', 'profile'])!);
    if ('error' in pasted) throw new Error(pasted.error);
    expect(pasted.ids).toEqual(['split_2', 'profile_2']);
    expect(pasted.doc.nodes.profile_2?.in).toEqual({ table: 'split_2.train' });
    expect(pasted.doc.layout.split_2).toEqual([320, 40]);
    expect(Object.keys(pasted.doc.nodes)).toHaveLength(6);
  });
  it('refuses text that is not Nodebook nodes', () => {
    expect(pasteNodes(penguinsDoc(), 'hello')).toEqual({ error: 'the clipboard holds no Nodebook nodes' });
    expect(copyNodes(penguinsDoc(), [])).toBeNull();
  });
});
