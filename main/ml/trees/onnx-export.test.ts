import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { OnnxGraph } from '../onnx/graph';
import { trainForest } from './forest';
import type { Dataset, GbdtModel } from './gbdt';
import { defaultGbdtParams, predictGbdt, trainGbdt } from './gbdt';
import { addForestHead, addGbdtHead } from './onnx-export';
import { Rng } from './rng';
import { TreeBuilder } from './tree';

/** Rows where feature 0 is often missing and missingness itself predicts the class. */
function missingData(n: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const x = new Float64Array(n * 3);
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const missing = rng.next() < 0.3;
    x[r * 3] = missing ? NaN : rng.normal();
    x[r * 3 + 1] = rng.normal();
    x[r * 3 + 2] = rng.int(4);
    y[r] = missing ? 1 : (x[r * 3 + 1] ?? 0) + 0.5 * (x[r * 3] ?? 0) > 0 ? 1 : 0;
  }
  return { x, rows: n, features: 3, y };
}

async function runHead(build: (g: OnnxGraph, features: string) => void, data: Dataset): Promise<Record<string, ort.Tensor>> {
  const g = new OnnxGraph('t');
  const features = g.input('features', 'float', ['N', data.features]);
  build(g, features);
  const session = await ort.InferenceSession.create(g.toModel({ opsets: { '': 13, 'ai.onnx.ml': 3 }, irVersion: 8 }));
  try {
    return await session.run({ features: new ort.Tensor('float32', Float32Array.from(data.x), [data.rows, data.features]) });
  } finally {
    await session.release();
  }
}

const classes = { labels: ['no', 'yes'], labelType: 'string' as const };

function maxDiff(a: Float64Array, t: ort.Tensor): number {
  const b = t.data;
  if (!(b instanceof Float32Array)) throw new Error('expected float32');
  expect(b.length).toBe(a.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return m;
}

describe('tree ensembles in ONNX Runtime', () => {
  it('route missing values as the trainer learned (nodes_missing_value_tracks_true)', async () => {
    const train = missingData(2000, 1);
    const test = missingData(500, 2);
    const fit = trainGbdt('binary', 2, train, undefined, { ...defaultGbdtParams, rounds: 30 });
    const ts = predictGbdt(fit.model, test.x, test.rows);
    let correct = 0;
    for (let r = 0; r < test.rows; r++) if (((ts[r * 2 + 1] ?? 0) > 0.5 ? 1 : 0) === test.y[r]) correct++;
    expect(correct / test.rows).toBeGreaterThan(0.9);
    const out = await runHead((g, f) => addGbdtHead(g, f, fit.model, classes), test);
    expect(maxDiff(ts, out.probabilities ?? new ort.Tensor('float32', [], [0]))).toBeLessThan(1e-5);

    const forest = trainForest('classification', 2, train, { trees: 10, maxDepth: 8, minSamplesLeaf: 2, maxFeatures: 'all', bootstrap: true, maxBins: 64, seed: 1 });
    const fout = await runHead((g, f) => addForestHead(g, f, forest, classes), test);
    const { predictForest } = await import('./forest');
    expect(maxDiff(predictForest(forest, test.x, test.rows), fout.probabilities ?? new ort.Tensor('float32', [], [0]))).toBeLessThan(1e-5);
  });

  it('binary ensembles whose leaves are all positive still give [1 - p, p]', async () => {
    // One stump with positive leaves: ORT's "all weights positive" path would return [1 - s, s] of the raw score.
    const b = new TreeBuilder(1);
    const root = b.add();
    const { left, right } = b.split(root, 0, 0, 0.5, false);
    b.setLeaf(left, [0.25]);
    b.setLeaf(right, [1.5]);
    const model: GbdtModel = { task: 'binary', classes: 2, perRound: 1, baseScore: Float64Array.of(-1), trees: [b.build()], features: 1 };
    const data: Dataset = { x: Float64Array.of(0, 1), rows: 2, features: 1, y: Float64Array.of(0, 1) };
    const out = await runHead((g, f) => addGbdtHead(g, f, model, classes), data);
    const ts = predictGbdt(model, data.x, 2);
    expect(ts[1]).toBeCloseTo(1 / (1 + Math.exp(0.75)), 12);
    expect(maxDiff(ts, out.probabilities ?? new ort.Tensor('float32', [], [0]))).toBeLessThan(1e-6);
    expect(out.label?.data).toEqual(['no', 'yes']);
  });
});
