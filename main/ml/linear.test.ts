import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTrainingData, regressionTarget } from './dataset';
import { choleskySolve, fitLinear } from './linear';
import { fitPreprocessor, transform } from './preprocess';
import type { FixtureTables } from './test-fixtures';
import { fixtureTables } from './test-fixtures';

let penguins: FixtureTables;
beforeAll(async () => {
  penguins = await fixtureTables('penguins.csv');
});
afterAll(() => penguins.cleanup());

async function design(path: string, target: string, features?: string[]) {
  const data = await loadTrainingData(path, { target, features });
  const pre = fitPreprocessor(data.table, { features: data.features.map((f) => f.name), target });
  return { x: transform(pre, data.table), target: data.target };
}

describe('linear regression (normal equations)', () => {
  it('solves a 2×2 SPD system and reports a non-PD one', () => {
    expect(Array.from(choleskySolve(Float64Array.from([4, 2, 2, 3]), Float64Array.from([2, 1]), 2) ?? [])).toEqual([0.5, 0]);
    expect(choleskySolve(Float64Array.from([1, 1, 1, 1]), Float64Array.from([1, 1]), 2)).toBeNull();
  });

  it('ridge matches scikit-learn 1.2 Ridge(alpha=1) on standardized penguin measurements', async () => {
    const { x, target } = await design(penguins.all, 'body_mass_g', ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm']);
    const fit = fitLinear(x, regressionTarget(target), { alpha: 1 });
    [25.601218, 36.903823, 700.34154].forEach((w, i) => expect(Math.abs((fit.coef[i] ?? 0) - w) / w).toBeLessThan(1e-5));
    expect(Math.abs(fit.intercept - 4201.754386)).toBeLessThan(1e-3);
    expect(fit.jitter).toBe(0);
  });
});
