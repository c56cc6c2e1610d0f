import { describe, expect, it } from 'vitest';
import { catalog } from './fixtures/catalog';
import { checkParams, formFields, isColumnField } from './param-schema';

const schemaOf = (key: string) => catalog.get(key)!.paramsSchema;

describe('form fields from paramsSchema', () => {
  it('maps the read_csv params to editors', () => {
    const fields = formFields(schemaOf('data.read_csv@1'));
    const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
    expect(fields[0]?.name).toBe('path');
    expect(byName.path).toMatchObject({ kind: 'file', required: true });
    expect(byName.header).toMatchObject({ kind: 'choice', options: ['auto', true, false], default: 'auto' });
    expect(byName.onError).toMatchObject({ kind: 'choice', options: ['fail', 'skip'] });
    expect(byName.nullValues?.kind).toBe('string-list');
    expect(byName.schema).toMatchObject({ kind: 'record', valueKind: 'string' });
  });
  it('keeps meaningful integer bounds and drops the ±2^53 noise', () => {
    const byName = Object.fromEntries(formFields(schemaOf('data.profile@1')).map((f) => [f.name, f]));
    expect(byName.bins).toMatchObject({ kind: 'integer', minimum: 2, maximum: 200, default: 20 });
    const split = Object.fromEntries(formFields(schemaOf('data.split@1')).map((f) => [f.name, f]));
    expect(split.seed).toEqual(expect.objectContaining({ kind: 'integer' }));
    expect(split.seed?.minimum).toBeUndefined();
    expect(split.fractions).toMatchObject({ kind: 'record', valueKind: 'number', keyOptions: ['train', 'valid', 'test'] });
  });
  it('falls back to JSON for shapes a form cannot express', () => {
    const byName = Object.fromEntries(formFields(schemaOf('data.validate@1')).map((f) => [f.name, f]));
    expect(byName.expectations?.kind).toBe('json');
  });
});

describe('checkParams', () => {
  it('accepts good params and reports each bad one with its path', () => {
    expect(checkParams(schemaOf('data.read_csv@1'), { path: 'data/x.csv', header: true })).toEqual([]);
    expect(checkParams(schemaOf('data.read_csv@1'), {})).toEqual([{ path: ['path'], message: 'required' }]);
    expect(checkParams(schemaOf('data.read_csv@1'), { path: '', header: 'yes', onError: 'ignore' })).toEqual([
      { path: ['path'], message: 'must not be empty' },
      { path: ['header'], message: 'must be one of "auto", true, false' },
      { path: ['onError'], message: 'must be one of "fail", "skip"' },
    ]);
    expect(checkParams(schemaOf('data.profile@1'), { bins: 1, topK: 2.5 })).toEqual([
      { path: ['bins'], message: 'must be ≥ 2' },
      { path: ['topK'], message: 'expected integer, got number' },
    ]);
    expect(checkParams(schemaOf('data.split@1'), { fractions: { train: 2, tset: 0.1 } })).toEqual([
      { path: ['fractions', 'train'], message: 'must be ≤ 1' },
      { path: ['fractions', 'tset'], message: 'unknown key "tset"; allowed: train, valid, test' },
    ]);
    expect(checkParams(schemaOf('code.python@1'), { timeoutSeconds: 0 })).toEqual([{ path: ['timeoutSeconds'], message: 'must be > 0' }]);
  });
});

describe('column fields', () => {
  it('recognises params that name a column of the input table', () => {
    const split = formFields(schemaOf('data.split@1'));
    expect(split.filter((f) => isColumnField(f.name, f.description)).map((f) => f.name)).toEqual(['stratify']);
    expect(isColumnField('target', '')).toBe(true);
    expect(isColumnField('path', 'CSV file')).toBe(false);
    expect(isColumnField('seed', 'Seed of the shuffle')).toBe(false);
  });
});
