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

  it("draws a trainer's loss curve and lists the rest of its metrics", () => {
    const gbdt = classifyJson({
      task: 'binary', loss: 'logloss', features: [{ name: 'a', type: 'numeric' }, { name: 'b', type: 'categorical' }],
      curve: { round: [1, 2, 3], train: [0.6, 0.5, 0.4], valid: [0.62, 0.55, null] }, train: { accuracy: 0.9 },
    });
    expect(gbdt.kind).toBe('training');
    if (gbdt.kind !== 'training') return;
    expect(gbdt.curve.title).toBe('Training curve (logloss)');
    expect(gbdt.curve.data).toEqual([
      { type: 'scatter', mode: 'lines', name: 'train', x: [1, 2, 3], y: [0.6, 0.5, 0.4] },
      { type: 'scatter', mode: 'lines', name: 'valid', x: [1, 2, 3], y: [0.62, 0.55, null] },
    ]);
    // Lists become one row each.
    expect(gbdt.rows).toEqual([['task', 'binary'], ['loss', 'logloss'], ['features', '2: a, b'], ['train.accuracy', 0.9]]);
    // train.logistic: the loss per iteration, counted from 0 (the start).
    const logistic = classifyJson({ iterations: 2, curves: { loss: [0.69, 0.3, 0.2] } });
    expect(logistic.kind === 'training' && logistic.curve.data[0]).toMatchObject({ name: 'loss', x: [0, 1, 2] });
    // Not a curve: no numbers in it.
    expect(classifyJson({ curve: { note: 'none' } }).kind).toBe('flat');
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
