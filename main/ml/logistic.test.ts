import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classTarget, loadTrainingData } from './dataset';
import { fitLogistic, predictProba } from './logistic';
import { fitPreprocessor, transform } from './preprocess';
import type { FixtureTables } from './test-fixtures';
import { fixtureTables } from './test-fixtures';

let cancer: FixtureTables;
let penguins: FixtureTables;
beforeAll(async () => {
  [cancer, penguins] = await Promise.all([fixtureTables('breast_cancer.csv'), fixtureTables('penguins.csv')]);
});
afterAll(() => Promise.all([cancer.cleanup(), penguins.cleanup()]));

async function design(path: string, target: string, features?: string[]) {
  const data = await loadTrainingData(path, { target, features });
  const pre = fitPreprocessor(data.table, { features: data.features.map((f) => f.name), target });
  return { x: transform(pre, data.table), target: data.target };
}

describe('logistic regression (L-BFGS)', () => {
  it('matches scikit-learn 1.2 LogisticRegression(C=1) on standardized breast cancer', async () => {
    const { x, target } = await design(cancer.all, 'diagnosis');
    const y = classTarget(target);
    const losses: number[] = [];
    const fit = fitLogistic(x, y.y, 2, { C: 1, onIteration: (_, loss) => losses.push(loss) });
    expect(fit.converged).toBe(true);
    // Reference: StandardScaler + LogisticRegression(C=1, tol=1e-10) coef_[0][:4], intercept_.
    const reference = [0.36317, 0.3877, 0.35111, 0.43556];
    reference.forEach((w, i) => expect(Math.abs((fit.weights[i] ?? 0) - w)).toBeLessThan(1e-4));
    expect(fit.intercepts[0]).toBeCloseTo(-0.21457, 4);
    // The objective never increases.
    losses.forEach((l, i) => expect(l).toBeLessThanOrEqual(i === 0 ? (fit.losses[0] ?? Infinity) : (losses[i - 1] ?? Infinity)));
  });

  it('multinomial optimum: mean probability per class equals its frequency, weights sum to zero per feature', async () => {
    const { x, target } = await design(penguins.train, 'species');
    const y = classTarget(target);
    const fit = fitLogistic(x, y.y, 3, { C: 0.5, tol: 1e-8 });
    expect(fit.converged).toBe(true);
    const proba = predictProba(fit, x);
    for (let k = 0; k < 3; k++) {
      let mass = 0;
      for (let r = 0; r < x.rows; r++) mass += proba[r * 3 + k] ?? 0;
      const count = y.y.filter((v) => v === k).length;
      expect(Math.abs(mass - count)).toBeLessThan(1e-5 * x.rows);
    }
    for (let c = 0; c < x.cols; c++) {
      const sum = (fit.weights[c] ?? 0) + (fit.weights[x.cols + c] ?? 0) + (fit.weights[2 * x.cols + c] ?? 0);
      expect(Math.abs(sum)).toBeLessThan(1e-6);
    }
  });

});
