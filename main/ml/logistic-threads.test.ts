import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { fitLogistic, logLossRange } from './logistic';
import { lossThreadsWorthwhile, startLossHelper } from './logistic-threads';
import { Rng } from './trees/rng';

/** rows × cols Gaussian features; labels from a noisy linear score split into k classes. */
function problem(rows: number, cols: number, k: number, seed: number): { data: Float64Array; y: Int32Array } {
  const rng = new Rng(seed);
  const data = new Float64Array(rows * cols);
  const y = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) {
      const v = rng.normal();
      data[r * cols + c] = v;
      s += (c % 3 === 0 ? 1 : -0.5) * v;
    }
    s += rng.normal();
    y[r] = k === 2 ? (s > 0 ? 1 : 0) : Math.min(k - 1, Math.max(0, Math.floor(s / 2 + k / 2)));
  }
  return { data, y };
}

describe('logistic regression on two threads', () => {
  it('the helper sums the same loss and gradient as one pass over every row (binary and multiclass)', () => {
    for (const k of [1, 3]) {
      const rows = 3001;
      const cols = 7;
      const { data, y } = problem(rows, cols, k === 1 ? 2 : k, 5);
      const rng = new Rng(k);
      const theta = Float64Array.from({ length: k * (cols + 1) }, () => 0.3 * rng.normal());
      const one = new Float64Array(theta.length);
      const lossOne = logLossRange(theta, data, cols, y, k, 0, rows, one);
      const helper = startLossHelper({ data, rows, cols }, y, k);
      try {
        const two = new Float64Array(theta.length);
        const lossTwo = helper.run(theta, two);
        expect(lossTwo).toBeCloseTo(lossOne, 8);
        two.forEach((g, i) => expect(g).toBeCloseTo(one[i] ?? NaN, 8));
        // Again with other weights: θ really is handed over each time.
        theta.reverse();
        two.fill(0);
        one.fill(0);
        expect(helper.run(theta, two)).toBeCloseTo(logLossRange(theta, data, cols, y, k, 0, rows, one), 8);
      } finally {
        helper.close();
      }
    }
  });

  it('fits the same model as one thread on a table large enough to use it', () => {
    const rows = 110_000;
    const cols = 20;
    expect(rows * cols).toBeGreaterThanOrEqual(2_000_000);
    const { data, y } = problem(rows, cols, 2, 9);
    const x = { data, rows, cols };
    const one = fitLogistic(x, y, 2, { threads: false });
    const two = fitLogistic(x, y, 2, { threads: true });
    expect(lossThreadsWorthwhile(rows, cols)).toBe(availableParallelism() >= 2);
    expect(two.iterations).toBe(one.iterations);
    two.weights.forEach((w, i) => expect(Math.abs(w - (one.weights[i] ?? NaN))).toBeLessThan(1e-8));
    expect(Math.abs((two.intercepts[0] ?? NaN) - (one.intercepts[0] ?? NaN))).toBeLessThan(1e-8);
  });
});
