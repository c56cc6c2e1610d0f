import { describe, expect, it } from 'vitest';
import type { ForestParams } from './forest';
import { featuresPerSplit, predictForest, trainForest } from './forest';
import type { Dataset } from './gbdt';
import { Rng } from './rng';

function checkerboard(n: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const x = new Float64Array(n * 3);
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const a = rng.next();
    const b = rng.next();
    x[r * 3] = a;
    x[r * 3 + 1] = b;
    x[r * 3 + 2] = rng.next(); // noise
    y[r] = (a < 0.5) !== (b < 0.5) ? 1 : 0;
  }
  return { x, rows: n, features: 3, y };
}

const base: ForestParams = { trees: 30, maxDepth: -1, minSamplesLeaf: 1, maxFeatures: 'sqrt', bootstrap: true, maxBins: 255, seed: 1 };

describe('random forest', () => {
  it('one full tree without bootstrap fits its training rows exactly', () => {
    const data = checkerboard(300, 1);
    const forest = trainForest('classification', 2, data, { ...base, trees: 1, bootstrap: false, maxFeatures: 'all' });
    const p = predictForest(forest, data.x, data.rows);
    for (let r = 0; r < data.rows; r++) expect(p[r * 2 + (data.y[r] ?? 0)]).toBe(1);
  });

  it('classifies an XOR pattern on new rows; probabilities average the trees', () => {
    const forest = trainForest('classification', 2, checkerboard(2000, 2), base);
    const test = checkerboard(500, 3);
    const p = predictForest(forest, test.x, test.rows);
    let correct = 0;
    for (let r = 0; r < test.rows; r++) {
      expect((p[r * 2] ?? 0) + (p[r * 2 + 1] ?? 0)).toBeCloseTo(1, 5);
      // Each tree votes with a multiple of 1/30 here (pure leaves).
      expect(Math.abs((p[r * 2 + 1] ?? 0) * 30 - Math.round((p[r * 2 + 1] ?? 0) * 30))).toBeLessThan(1e-4);
      if (((p[r * 2 + 1] ?? 0) > 0.5 ? 1 : 0) === test.y[r]) correct++;
    }
    expect(correct / test.rows).toBeGreaterThan(0.95);
  });

  it('regression averages leaf means; depth and leaf size limits hold', () => {
    const data = checkerboard(1000, 4);
    const y = Float64Array.from({ length: data.rows }, (_, r) => (data.x[r * 3] ?? 0) * 10);
    const forest = trainForest('regression', 1, { ...data, y }, { ...base, maxFeatures: 'all', maxDepth: 4, minSamplesLeaf: 10 });
    const p = predictForest(forest, data.x, data.rows);
    let err = 0;
    p.forEach((v, r) => (err += Math.abs(v - (y[r] ?? 0)) / data.rows));
    expect(err).toBeLessThan(0.5);
    for (const t of forest.trees) expect(t.feature.length).toBeLessThanOrEqual(31);
  });

  it('is deterministic for a seed and maps maxFeatures', () => {
    const data = checkerboard(300, 5);
    const a = predictForest(trainForest('classification', 2, data, base), data.x, 20);
    const b = predictForest(trainForest('classification', 2, data, base), data.x, 20);
    const c = predictForest(trainForest('classification', 2, data, { ...base, seed: 9 }), data.x, 20);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(featuresPerSplit('sqrt', 30)).toBe(5);
    expect(featuresPerSplit('log2', 30)).toBe(4);
    expect(featuresPerSplit(1 / 3, 30)).toBe(10);
    expect(() => featuresPerSplit(1.5, 30)).toThrow(/maxFeatures/);
  });
});
