import { describe, expect, it } from 'vitest';
import type { Dataset, GbdtParams } from './gbdt';
import { defaultGbdtParams, predictGbdt, trainGbdt } from './gbdt';
import { Rng } from './rng';
import { countLeaves, leafOfRow, treeDepth } from './tree';

function sineData(n: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const x = new Float64Array(n * 2);
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const a = rng.next() * 6;
    const b = rng.next();
    x[r * 2] = a;
    x[r * 2 + 1] = b;
    y[r] = Math.sin(a) * 3 + b + rng.normal() * 0.1;
  }
  return { x, rows: n, features: 2, y };
}

/** Three classes by angle around the origin: not separable by one axis-aligned cut. */
function blobs(n: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const x = new Float64Array(n * 2);
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const k = rng.int(3);
    const angle = (k * 2 * Math.PI) / 3;
    x[r * 2] = Math.cos(angle) * 2 + rng.normal() * 0.7;
    x[r * 2 + 1] = Math.sin(angle) * 2 + rng.normal() * 0.7;
    y[r] = k;
  }
  return { x, rows: n, features: 2, y };
}

const params = (p: Partial<GbdtParams>): GbdtParams => ({ ...defaultGbdtParams, ...p });

describe('gradient boosting', () => {
  it('regression fits a nonlinear function (R² > 0.95 on new rows) and the loss falls every round', () => {
    const train = sineData(3000, 1);
    const test = sineData(1000, 2);
    const fit = trainGbdt('regression', 1, train, test, params({ rounds: 80 }));
    const losses = fit.curve.map((c) => c.train);
    for (let i = 1; i < losses.length; i++) expect(losses[i]).toBeLessThanOrEqual((losses[i - 1] ?? 0) + 1e-12);
    const pred = predictGbdt(fit.model, test.x, test.rows);
    let ss = 0;
    let tot = 0;
    let mean = 0;
    for (const v of test.y) mean += v / test.rows;
    test.y.forEach((v, r) => {
      ss += (v - (pred[r] ?? 0)) ** 2;
      tot += (v - mean) ** 2;
    });
    expect(1 - ss / tot).toBeGreaterThan(0.95);
    expect(fit.curve.at(-1)?.valid).toBeCloseTo(Math.sqrt(ss / test.rows), 6);
  });

  it('multiclass: one tree per class per round, probabilities sum to 1, accurate on new rows', () => {
    const fit = trainGbdt('multiclass', 3, blobs(1500, 3), undefined, params({ rounds: 30 }));
    expect(fit.model.trees).toHaveLength(90);
    const test = blobs(600, 4);
    const p = predictGbdt(fit.model, test.x, test.rows);
    let correct = 0;
    for (let r = 0; r < test.rows; r++) {
      expect((p[r * 3] ?? 0) + (p[r * 3 + 1] ?? 0) + (p[r * 3 + 2] ?? 0)).toBeCloseTo(1, 12);
      let best = 0;
      for (let k = 1; k < 3; k++) if ((p[r * 3 + k] ?? 0) > (p[r * 3 + best] ?? 0)) best = k;
      if (best === test.y[r]) correct++;
    }
    expect(correct / test.rows).toBeGreaterThan(0.9);
  });

  it('respects maxLeaves, maxDepth and minSamplesLeaf', () => {
    const train = sineData(2000, 5);
    const fit = trainGbdt('regression', 1, train, undefined, params({ rounds: 5, maxLeaves: 7, maxDepth: 3, minSamplesLeaf: 150 }));
    for (const tree of fit.model.trees) {
      expect(countLeaves(tree)).toBeLessThanOrEqual(7);
      expect(treeDepth(tree)).toBeLessThanOrEqual(3);
      const counts = new Map<number, number>();
      for (let r = 0; r < train.rows; r++) {
        const leaf = leafOfRow(tree, train.x, r * 2);
        counts.set(leaf, (counts.get(leaf) ?? 0) + 1);
      }
      for (const c of counts.values()) expect(c).toBeGreaterThanOrEqual(150);
    }
    const unlimited = trainGbdt('regression', 1, train, undefined, params({ rounds: 1, maxLeaves: 64, maxDepth: -1, minSamplesLeaf: 5 }));
    expect(treeDepth(unlimited.model.trees[0] ?? fit.model.trees[0]!)).toBeGreaterThan(6);
  });

  it('is deterministic for a seed; subsampling changes with the seed', () => {
    const train = sineData(1000, 6);
    const a = trainGbdt('regression', 1, train, undefined, params({ rounds: 10, rowSubsample: 0.5, colSubsample: 0.5, seed: 1 }));
    const b = trainGbdt('regression', 1, train, undefined, params({ rounds: 10, rowSubsample: 0.5, colSubsample: 0.5, seed: 1 }));
    const c = trainGbdt('regression', 1, train, undefined, params({ rounds: 10, rowSubsample: 0.5, colSubsample: 0.5, seed: 2 }));
    expect(predictGbdt(a.model, train.x, 50)).toEqual(predictGbdt(b.model, train.x, 50));
    expect(predictGbdt(a.model, train.x, 50)).not.toEqual(predictGbdt(c.model, train.x, 50));
  });

  it('early stopping keeps the best validation round; bad params name the field', () => {
    const train = blobs(400, 7);
    const valid = blobs(400, 8);
    const fit = trainGbdt('multiclass', 3, train, valid, params({ rounds: 400, learningRate: 0.5, minSamplesLeaf: 2, earlyStoppingRounds: 10 }));
    expect(fit.stoppedEarly).toBe(true);
    expect(fit.curve).toHaveLength(fit.bestRound + 10);
    expect(fit.model.trees).toHaveLength(fit.bestRound * 3);
    expect(() => trainGbdt('binary', 2, train, undefined, params({ rowSubsample: 0 }))).toThrow(/rowSubsample/);
    expect(() => trainGbdt('multiclass', 2, train, undefined, params({}))).toThrow(/binary/);
  });
});

describe('histograms on a second thread', () => {
  it('give the same model as one thread (large nodes are split between threads)', () => {
    const train = sineData(60_000, 11);
    const p = params({ rounds: 4, maxLeaves: 15 });
    const one = trainGbdt('regression', 1, train, undefined, p, { threads: false });
    const two = trainGbdt('regression', 1, train, undefined, p, { threads: true });
    expect(two.model.trees.map((t) => Array.from(t.feature))).toEqual(one.model.trees.map((t) => Array.from(t.feature)));
    const a = predictGbdt(one.model, train.x, 1000);
    const b = predictGbdt(two.model, train.x, 1000);
    a.forEach((v, i) => expect(Math.abs(v - (b[i] ?? 0))).toBeLessThan(1e-6));
  });

  it('WebAssembly and JavaScript kernels give the same model (same sums)', () => {
    const train = sineData(3000, 12);
    const p = params({ rounds: 5, maxLeaves: 15, colSubsample: 0.7, rowSubsample: 0.8 });
    const js = trainGbdt('regression', 1, train, undefined, p, { wasm: false });
    const wasm = trainGbdt('regression', 1, train, undefined, p);
    expect(wasm.model.trees.map((t) => Array.from(t.values))).toEqual(js.model.trees.map((t) => Array.from(t.values)));
  });
});
