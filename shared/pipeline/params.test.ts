import { describe, expect, it } from 'vitest';
import { UserError } from '../errors';
import type { PipelineDocument } from './document';
import { parseParamOverride, resolveNodeParams } from './params';

const doc: PipelineDocument = {
  nodebook: 1,
  name: 'p',
  params: { seed: 42, target: 'species', fractions: { train: 0.8, test: 0.2 }, on: true },
  nodes: {
    split: {
      use: 'data.split@1',
      with: {
        seed: '${params.seed}',
        stratify: '${params.target}',
        fractions: '${params.fractions}',
        shuffle: '${params.on}',
        label: 'run ${params.seed} on ${params.target}',
        nested: { list: ['${params.seed}', 'x-${params.on}', 3] },
        literal: 'costs $${params.seed}',
      },
    },
    cell: { use: 'code.python@1', code: 'print("${params.seed}")' },
  },
  layout: {},
};

describe('resolveNodeParams', () => {
  it('gives an exact reference the value with its type and interpolates embedded ones', () => {
    const { resolved, diagnostics } = resolveNodeParams(doc, {});
    expect(diagnostics).toEqual([]);
    expect(resolved.split).toEqual({
      seed: 42,
      stratify: 'species',
      fractions: { train: 0.8, test: 0.2 },
      shuffle: true,
      label: 'run 42 on species',
      nested: { list: [42, 'x-true', 3] },
      literal: 'costs ${params.seed}',
    });
    // only with: is substituted; code is left alone and a node without with: resolves to {}
    expect(resolved.cell).toEqual({});
    expect(doc.nodes.cell!.code).toBe('print("${params.seed}")');
  });

  it('applies overrides and hands out copies, not the params themselves', () => {
    const { resolved } = resolveNodeParams(doc, { seed: 7, fractions: { train: 0.5, test: 0.5 } });
    expect(resolved.split?.seed).toBe(7);
    expect(resolved.split?.label).toBe('run 7 on species');
    const fractions = resolveNodeParams(doc, {}).resolved.split?.fractions;
    expect(fractions).toEqual(doc.params.fractions);
    expect(fractions).not.toBe(doc.params.fractions);
  });

  it('names node and field for an unknown param and warns about an unknown override', () => {
    const bad: PipelineDocument = {
      ...doc,
      nodes: { n: { use: 'x@1', with: { a: '${params.sede}', b: { c: ['ok', 'v${params.nope}'] }, d: '${oops}' } } },
    };
    const { resolved, diagnostics } = resolveNodeParams(bad, { sed: 1 });
    expect(diagnostics.map((d) => [d.severity, d.code, d.nodeId, d.field])).toEqual([
      ['warning', 'unknown-override', undefined, undefined],
      ['error', 'unknown-param', 'n', 'with.a'],
      ['error', 'unknown-param', 'n', 'with.b.c.1'],
      ['error', 'unknown-param', 'n', 'with.d'],
    ]);
    expect(diagnostics[1]!.message).toBe('with.a: unknown param "sede". Did you mean "seed"? Declared params: seed, target, fractions, on.');
    expect(diagnostics[0]!.message).toContain('Did you mean "seed"?');
    expect(resolved.n?.a).toBe('${params.sede}');
  });
});

describe('parseParamOverride', () => {
  it('reads the value as a YAML scalar so numbers and booleans keep their type', () => {
    expect(parseParamOverride('seed=7')).toEqual(['seed', 7]);
    expect(parseParamOverride('rate=0.25')).toEqual(['rate', 0.25]);
    expect(parseParamOverride('on=true')).toEqual(['on', true]);
    expect(parseParamOverride('x=null')).toEqual(['x', null]);
    expect(parseParamOverride('target=species')).toEqual(['target', 'species']);
    expect(parseParamOverride('id="7"')).toEqual(['id', '7']);
    expect(parseParamOverride('f={ train: 0.8 }')).toEqual(['f', { train: 0.8 }]);
    expect(parseParamOverride('cols=[a, b]')).toEqual(['cols', ['a', 'b']]);
  });

  it('keeps text that is not a scalar as the literal string', () => {
    expect(parseParamOverride('title=a: b')).toEqual(['title', 'a: b']);
    expect(parseParamOverride('q=x #1')).toEqual(['q', 'x #1']);
    expect(parseParamOverride('expr=a=b')).toEqual(['expr', 'a=b']);
    expect(parseParamOverride('empty=')).toEqual(['empty', '']);
    expect(parseParamOverride('bad="unclosed')).toEqual(['bad', '"unclosed']);
  });

  it('refuses a missing = or a bad name with a UserError that shows the form', () => {
    expect(() => parseParamOverride('seed')).toThrow(UserError);
    expect(() => parseParamOverride('se ed=1')).toThrow(/name=value/);
    expect(() => parseParamOverride('=1')).toThrow(/--param seed=7/);
  });
});
