import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PIPELINE_SCHEMA_FILE, pipelineSchemaText } from '../../scripts/gen-pipeline-schema';
import { closestName, formatDiagnostic, pipelineDocumentSchema, pipelineJsonSchema, sortDiagnostics } from './document';

describe('pipelineDocumentSchema', () => {
  it('fills params, nodes and layout with empty maps', () => {
    expect(pipelineDocumentSchema.parse({ nodebook: 1, name: 'x' })).toEqual({ nodebook: 1, name: 'x', params: {}, nodes: {}, layout: {} });
  });

  it('is strict and checks ids, use and bindings', () => {
    const valid = (value: unknown) => pipelineDocumentSchema.safeParse(value).success;
    const base = { nodebook: 1, name: 'x' };
    expect(valid({ ...base, extra: 1 })).toBe(false);
    expect(valid({ ...base, nodes: { a: { use: 'x@1', colour: 'red' } } })).toBe(false);
    expect(valid({ ...base, nodes: { 'a.b': { use: 'x@1' } } })).toBe(false);
    expect(valid({ ...base, nodes: { a: { use: 'x' } } })).toBe(false);
    expect(valid({ ...base, nodes: { a: { use: 'x@0' } } })).toBe(false);
    expect(valid({ ...base, nodes: { a: { use: 'x@1', in: { t: 'b' } } } })).toBe(false);
    expect(valid({ ...base, layout: { a: [1, Infinity] } })).toBe(false);
    expect(valid({ ...base, nodes: { 'A_b-2': { use: 'data.read_csv@12', in: { t: 'b.table' }, out: { x: 'model' } } } })).toBe(true);
  });
});

describe('the JSON Schema in resources/schemas', () => {
  it('is the committed output of scripts/gen-pipeline-schema.ts (run it after changing document.ts)', () => {
    expect(readFileSync(PIPELINE_SCHEMA_FILE, 'utf8')).toBe(pipelineSchemaText());
  });

  it('is draft 2020-12 with an $id and a title, and closed to unknown keys', () => {
    const schema = pipelineJsonSchema();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toMatch(/^https:\/\/.*pipeline\.schema\.json$/);
    expect(schema.title).toBe('Nodebook pipeline');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['nodebook', 'name']);
  });
});

describe('formatDiagnostic', () => {
  it('writes file:line:col: [node X] message, leaving out what is unknown', () => {
    const d = { severity: 'error' as const, code: 'c', message: 'boom', nodeId: 'split', line: 4, column: 7 };
    expect(formatDiagnostic(d, 'p.yaml')).toBe('p.yaml:4:7: [node split] boom');
    expect(formatDiagnostic(d)).toBe('4:7: [node split] boom');
    expect(formatDiagnostic({ severity: 'error', code: 'c', message: 'boom' }, 'p.yaml')).toBe('p.yaml: boom');
    expect(formatDiagnostic({ severity: 'warning', code: 'c', message: 'hm', line: 2 }, 'p.yaml')).toBe('p.yaml:2: warning: hm');
  });
});

describe('helpers', () => {
  it('suggests a close name, counting a swap of neighbours as one typo', () => {
    expect(closestName('tabel', ['table', 'model'])).toBe('table');
    expect(closestName('wth', ['use', 'with', 'code'])).toBe('with');
    expect(closestName('zzz', ['table', 'model'])).toBeUndefined();
  });

  it('sorts diagnostics by position, unlocated last, stable otherwise', () => {
    const d = (message: string, line?: number, column?: number) => ({ severity: 'error' as const, code: 'c', message, line, column });
    expect(sortDiagnostics([d('x'), d('b', 2, 5), d('a', 2, 1), d('c', 1, 9), d('y')]).map((x) => x.message)).toEqual(['c', 'a', 'b', 'x', 'y']);
  });
});
