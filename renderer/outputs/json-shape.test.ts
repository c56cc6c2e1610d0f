import { describe, expect, it } from 'vitest';
import { classifyJson, flatten, orderChecks, svgSafeTraces } from './json-shape';

describe('classifyJson', () => {
  it('reads the profile figures bundle and a single Plotly figure', () => {
    const bundle = classifyJson({ figures: [{ title: 'a (histogram)', data: [{ type: 'bar', x: [1], y: [2] }], layout: {} }] });
    expect(bundle).toEqual({ kind: 'figures', figures: [{ title: 'a (histogram)', data: [{ type: 'bar', x: [1], y: [2] }], layout: {} }] });
    const single = classifyJson({ data: [{ type: 'scatter' }], layout: { title: { text: 'T' } } });
    expect(single.kind === 'figures' && single.figures[0]?.title).toBe('T');
  });

  it('reads a validation report and puts failed checks first', () => {
    const view = classifyJson({
      passed: false,
      rows: 10,
      checks: [
        { name: 'unique(id)', kind: 'unique', column: 'id', passed: true, severity: 'expectation', observed: 0, expected: 0, message: 'ok' },
        { name: 'range(x)', kind: 'range', column: 'x', passed: false, severity: 'expectation', observed: { min: -1 }, expected: { min: 0 }, message: '2 values below 0' },
      ],
    });
    expect(view.kind).toBe('validation');
    if (view.kind !== 'validation') return;
    expect(view.report.rows).toBe(10);
    expect(orderChecks(view.report.checks).map((c) => c.name)).toEqual(['range(x)', 'unique(id)']);
  });

  it('summarizes a data profile per column', () => {
    const view = classifyJson({ rows: 3, exact: true, columns: [{ name: 's', type: 'VARCHAR', kind: 'categorical', count: 3, missing: 0, top: [{ value: 'A', count: 2 }] }] });
    expect(view).toEqual({ kind: 'profile', rows: 3, columns: [{ name: 's', type: 'VARCHAR', kind: 'categorical', stats: { count: 3, missing: 0, top: 'A (2)' } }] });
  });

  it('flattens other metrics into dotted keys', () => {
    expect(classifyJson({ accuracy: 0.9, per_class: { a: { f1: 0.8 } }, labels: ['a', 'b'] })).toEqual({
      kind: 'flat',
      rows: [
        ['accuracy', 0.9],
        ['per_class.a.f1', 0.8],
        ['labels', ['a', 'b']],
      ],
    });
    expect(flatten(42)).toEqual([['value', 42]]);
    expect(flatten({ xs: [{ a: 1 }] })).toEqual([['xs[0].a', 1]]);
    expect(flatten(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i])), 5)).toHaveLength(5);
  });
});

describe('svgSafeTraces', () => {
  it('swaps WebGL traces for their SVG twins and names those with none', () => {
    const { data, dropped } = svgSafeTraces([{ type: 'scattergl', x: [1] }, { type: 'bar' }, { type: 'scatter3d' }, {}]);
    expect(data).toEqual([{ type: 'scatter', x: [1] }, { type: 'bar' }, {}]);
    expect(dropped).toEqual(['scatter3d']);
  });
});
