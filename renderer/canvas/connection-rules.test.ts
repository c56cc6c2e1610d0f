import { describe, expect, it } from 'vitest';
import { connectionError } from './connection-rules';
import { catalog, penguinsDoc } from './fixtures/catalog';
import { NEW_INPUT } from './ports';

describe('connectionError', () => {
  const doc = penguinsDoc();
  it('accepts a table into a free table input', () => {
    const d = { ...doc, nodes: { ...doc.nodes, sample: { use: 'data.sample@1' } } };
    expect(connectionError(d, catalog, { node: 'split', port: 'test' }, { node: 'sample', port: 'table' })).toBeNull();
  });
  it('refuses a type mismatch, naming both types', () => {
    const d = { ...doc, nodes: { ...doc.nodes, sample: { use: 'data.sample@1' } } };
    expect(connectionError(d, catalog, { node: 'profile', port: 'profile' }, { node: 'sample', port: 'table' })).toBe('type mismatch: metrics → table');
  });
  it('refuses a cycle, including a node feeding itself', () => {
    const d = { ...doc, nodes: { ...doc.nodes, sample: { use: 'data.sample@1', in: { table: 'split.train' } }, v: { use: 'data.validate@1', in: { table: 'sample.table' } } } };
    expect(connectionError(d, catalog, { node: 'split', port: 'train' }, { node: 'split', port: 'table' })).toBe('would create a cycle');
    // split -> sample; sample.table into a (hypothetical free) input of split's upstream chain
    const e = { ...d, nodes: { ...d.nodes, split: { use: 'data.split@1' } } };
    expect(connectionError(e, catalog, { node: 'sample', port: 'table' }, { node: 'split', port: 'table' })).toBe('would create a cycle');
  });
  it('refuses an input that is already bound, but accepts the same binding again', () => {
    const d = { ...doc, nodes: { ...doc.nodes, r2: { use: 'data.read_csv@1' } } };
    expect(connectionError(d, catalog, { node: 'r2', port: 'table' }, { node: 'split', port: 'table' })).toMatch(/^input already bound \(to read\.table\)/);
    expect(connectionError(d, catalog, { node: 'read', port: 'table' }, { node: 'split', port: 'table' })).toBeNull();
  });
  it('refuses unknown ports and nodes', () => {
    expect(connectionError(doc, catalog, { node: 'read', port: 'nope' }, { node: 'split', port: 'table' })).toBe('read has no output "nope"');
    expect(connectionError(doc, catalog, { node: 'read', port: 'table' }, { node: 'profile', port: 'nope' })).toBe('profile has no input "nope"');
    expect(connectionError(doc, catalog, { node: 'ghost', port: 'table' }, { node: 'profile', port: 'table' })).toBe('no node "ghost"');
  });
  it('accepts new named inputs only on components with dynamic inputs of that type', () => {
    const d = { ...doc, nodes: { ...doc.nodes, q: { use: 'data.sql@1' }, py: { use: 'code.python@1', code: '', out: { m: 'metrics' as const } } } };
    expect(connectionError(d, catalog, { node: 'split', port: 'train' }, { node: 'q', port: NEW_INPUT })).toBeNull();
    expect(connectionError(d, catalog, { node: 'split', port: 'train' }, { node: 'q', port: 'anything' })).toBeNull();
    expect(connectionError(d, catalog, { node: 'profile', port: 'profile' }, { node: 'q', port: NEW_INPUT })).toBe('type mismatch: metrics → table');
    expect(connectionError(d, catalog, { node: 'split', port: 'train' }, { node: 'profile', port: NEW_INPUT })).toBe('profile has no input "+"');
    // a code cell's declared out: port is an output like any other
    expect(connectionError(d, catalog, { node: 'py', port: 'm' }, { node: 'q', port: NEW_INPUT })).toBe('type mismatch: metrics → table');
  });
});
