import { describe, expect, it } from 'vitest';
import { serializePipeline } from '../../shared/pipeline/serialize';
import { baseIdFor, changedNodes, patchNode, removeNodes, renameNode, setBinding, uniqueNodeId } from './doc-edits';
import { penguinsDoc } from './fixtures/catalog';

describe('document edits', () => {
  it('derives short unique ids from component keys', () => {
    expect(baseIdFor('data.read_csv@1')).toBe('read_csv');
    expect(baseIdFor('note@1')).toBe('note');
    expect(uniqueNodeId('split', ['split', 'split_2'])).toBe('split_3');
    expect(uniqueNodeId('x', [])).toBe('x');
  });
  it('removes nodes with their positions and the bindings that read them', () => {
    const doc = removeNodes(penguinsDoc(), ['split']);
    expect(Object.keys(doc.nodes)).toEqual(['read', 'profile', 'note']);
    expect(doc.nodes.profile).toEqual({ use: 'data.profile@1' });
    expect(doc.layout.split).toBeUndefined();
  });
  it('renames a node everywhere, keeping file order', () => {
    const result = renameNode(penguinsDoc(), 'split', 'parts');
    if ('error' in result) throw new Error(result.error);
    expect(Object.keys(result.doc.nodes)).toEqual(['read', 'parts', 'profile', 'note']);
    expect(result.doc.nodes.profile?.in).toEqual({ table: 'parts.train' });
    expect(result.doc.layout.parts).toEqual([280, 0]);
    expect(renameNode(penguinsDoc(), 'split', 'read')).toEqual({ error: 'a node "read" already exists' });
    expect(renameNode(penguinsDoc(), 'split', '1x')).toHaveProperty('error');
  });
  it('binds and unbinds inputs; an empty in: disappears from the file', () => {
    const unbound = setBinding(penguinsDoc(), { node: 'profile', port: 'table' }, null);
    expect(unbound.nodes.profile).toEqual({ use: 'data.profile@1' });
    expect(serializePipeline(unbound)).not.toContain('split.train');
    const rebound = setBinding(unbound, { node: 'profile', port: 'table' }, { node: 'split', port: 'test' });
    expect(rebound.nodes.profile?.in).toEqual({ table: 'split.test' });
  });
  it('patches drop empty maps, and changedNodes ignores layout', () => {
    const doc = penguinsDoc();
    expect(patchNode(doc, 'read', { with: {} }).nodes.read).toEqual({ use: 'data.read_csv@1' });
    expect(changedNodes(doc, { ...doc, layout: {} })).toEqual([]);
    expect(changedNodes(doc, patchNode(doc, 'split', { with: { seed: 1 } }))).toEqual(['split']);
  });
});
