import type { Matrix } from './linear';
import type { LossHelper } from './logistic-threads';
import { lossThreadsWorthwhile, startLossHelper } from './logistic-threads';

/**
 * L2-regularized logistic regression: binary (one weight vector, sigmoid) or multinomial
 * (one weight vector per class, softmax), minimised with L-BFGS. The objective matches
 * scikit-learn's up to a factor 1/n: mean log loss + ‖W‖² / (2·C·n); intercepts are not penalized.
 */

export interface LogisticOptions {
  /** Inverse regularization strength, as in scikit-learn (default 1). */
  readonly C?: number;
  readonly maxIter?: number;
  /** Stop when the largest gradient component is below this (default 1e-6). */
  readonly tol?: number;
  readonly onIteration?: (iteration: number, loss: number) => void;
  readonly signal?: AbortSignal;
  /** Split large objectives between this thread and a second one when there are cores (default true). */
  readonly threads?: boolean;
}

export interface LogisticFit {
  /** Number of classes K (≥ 2). */
  readonly classes: number;
  /** Rows of weights: 1 for binary (the positive class, index 1), K for multiclass; row-major × cols. */
  readonly weights: Float64Array;
  readonly intercepts: Float64Array;
  readonly cols: number;
  /** Objective value after each iteration (index 0: at the start). */
  readonly losses: number[];
  readonly iterations: number;
  readonly converged: boolean;
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/**
 * Log loss summed over rows [start, end) at θ = [W (k × cols) row-major, b (k)], its gradient
 * added into `grad` (unscaled, no penalty). Two multiply-adds per row and weight: the whole cost
 * of training. The loops index with non-null assertions (indices are in range by construction;
 * `?? 0` there doubled the time), and the binary case has its own loop, with one exp per row
 * for both the loss and the gradient.
 *
 * Self-contained on purpose: logistic-threads.ts runs this very function's source on a second
 * thread for half of the rows.
 */
export function logLossRange(
  theta: Float64Array, data: Float64Array, cols: number, y: Int32Array, k: number, start: number, end: number, grad: Float64Array,
): number {
  const bOff = k * cols;
  let loss = 0;
  if (k === 1) {
    const b = theta[cols]!;
    let gb = 0;
    for (let r = start; r < end; r++) {
      const row = r * cols;
      // Four partial sums: one chain of dependent adds would wait on each add's latency.
      let z0 = b;
      let z1 = 0;
      let z2 = 0;
      let z3 = 0;
      let c = 0;
      for (; c + 3 < cols; c += 4) {
        z0 += theta[c]! * data[row + c]!;
        z1 += theta[c + 1]! * data[row + c + 1]!;
        z2 += theta[c + 2]! * data[row + c + 2]!;
        z3 += theta[c + 3]! * data[row + c + 3]!;
      }
      for (; c < cols; c++) z0 += theta[c]! * data[row + c]!;
      const z = z0 + z1 + (z2 + z3);
      const label = y[r] === 1 ? 1 : 0;
      const e = Math.exp(-Math.abs(z));
      loss += (z > 0 ? z : 0) + Math.log1p(e) - label * z;
      const d = (z >= 0 ? 1 / (1 + e) : e / (1 + e)) - label;
      gb += d;
      for (let c = 0; c < cols; c++) grad[c]! += d * data[row + c]!;
    }
    grad[cols]! += gb;
    return loss;
  }
  const z = new Float64Array(k);
  for (let r = start; r < end; r++) {
    const row = r * cols;
    for (let j = 0; j < k; j++) {
      let s = theta[bOff + j]!;
      const w = j * cols;
      for (let c = 0; c < cols; c++) s += theta[w + c]! * data[row + c]!;
      z[j] = s;
    }
    const label = y[r]!;
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, z[j]!);
    let sum = 0;
    for (let j = 0; j < k; j++) sum += Math.exp(z[j]! - max);
    loss += max + Math.log(sum) - z[label]!;
    for (let j = 0; j < k; j++) {
      const d = Math.exp(z[j]! - max) / sum - (j === label ? 1 : 0);
      grad[bOff + j]! += d;
      const w = j * cols;
      for (let c = 0; c < cols; c++) grad[w + c]! += d * data[row + c]!;
    }
  }
  return loss;
}

/** Objective (mean log loss + L2 penalty) and its gradient at θ; `helper` takes half the rows. */
function objective(theta: Float64Array, x: Matrix, y: Int32Array, k: number, lambda: number, grad: Float64Array, helper: LossHelper | null): number {
  grad.fill(0);
  const loss = helper ? helper.run(theta, grad) : logLossRange(theta, x.data, x.cols, y, k, 0, x.rows, grad);
  const bOff = k * x.cols;
  const n = Math.max(1, x.rows);
  let penalty = 0;
  for (let i = 0; i < grad.length; i++) grad[i] = grad[i]! / n;
  for (let i = 0; i < bOff; i++) {
    const w = theta[i]!;
    penalty += w * w;
    grad[i]! += lambda * w;
  }
  return loss / n + 0.5 * lambda * penalty;
}

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
};
const maxAbs = (a: Float64Array): number => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** `y` holds class indices 0..classes-1. */
export function fitLogistic(x: Matrix, y: Int32Array, classes: number, options: LogisticOptions = {}): LogisticFit {
  if (classes < 2) throw new Error('fitLogistic: needs at least two classes');
  const k = classes === 2 ? 1 : classes;
  const C = options.C ?? 1;
  const lambda = C > 0 && Number.isFinite(C) ? 1 / (C * Math.max(1, x.rows)) : 0;
  const helper = (options.threads ?? true) && lossThreadsWorthwhile(x.rows, x.cols) ? startLossHelper(x, y, k) : null;
  try {
    return minimize(x, y, classes, k, lambda, helper, options);
  } finally {
    helper?.close();
  }
}

/** L-BFGS on the objective, from θ = 0. */
function minimize(x: Matrix, y: Int32Array, classes: number, k: number, lambda: number, helper: LossHelper | null, options: LogisticOptions): LogisticFit {
  const maxIter = options.maxIter ?? 200;
  const tol = options.tol ?? 1e-6;
  const size = k * (x.cols + 1);
  const memory = 10;
  let theta = new Float64Array(size);
  let grad = new Float64Array(size);
  let f = objective(theta, x, y, k, lambda, grad, helper);
  const losses = [f];
  const sHist: Float64Array[] = [];
  const yHist: Float64Array[] = [];
  let converged = maxAbs(grad) < tol;
  let iter = 0;
  const nextGrad = new Float64Array(size);
  while (!converged && iter < maxIter) {
    options.signal?.throwIfAborted();
    // Two-loop recursion: direction = −H·g.
    const q = Float64Array.from(grad);
    const alphas: number[] = [];
    for (let i = sHist.length - 1; i >= 0; i--) {
      const s = sHist[i] ?? q;
      const yy = yHist[i] ?? q;
      const a = dot(s, q) / dot(yy, s);
      alphas[i] = a;
      for (let j = 0; j < size; j++) q[j] = (q[j] ?? 0) - a * (yy[j] ?? 0);
    }
    const lastS = sHist[sHist.length - 1];
    const lastY = yHist[yHist.length - 1];
    const gamma = lastS && lastY ? dot(lastS, lastY) / dot(lastY, lastY) : 1 / Math.max(1, Math.sqrt(dot(grad, grad)));
    for (let j = 0; j < size; j++) q[j] = (q[j] ?? 0) * gamma;
    for (let i = 0; i < sHist.length; i++) {
      const s = sHist[i] ?? q;
      const yy = yHist[i] ?? q;
      const b = dot(yy, q) / dot(yy, s);
      for (let j = 0; j < size; j++) q[j] = (q[j] ?? 0) + (s[j] ?? 0) * ((alphas[i] ?? 0) - b);
    }
    let slope = -dot(grad, q);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      sHist.length = 0;
      yHist.length = 0;
      for (let j = 0; j < size; j++) q[j] = (grad[j] ?? 0) / Math.max(1, Math.sqrt(dot(grad, grad)));
      slope = -dot(grad, q);
    }
    // Backtracking line search with the Armijo condition.
    let step = 1;
    let candidate = new Float64Array(size);
    let fNew = Infinity;
    for (let ls = 0; ls < 40; ls++) {
      for (let j = 0; j < size; j++) candidate[j] = (theta[j] ?? 0) - step * (q[j] ?? 0);
      fNew = objective(candidate, x, y, k, lambda, nextGrad, helper);
      if (fNew <= f + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNew < f) && !(fNew === f)) break;
    const s = new Float64Array(size);
    const yv = new Float64Array(size);
    for (let j = 0; j < size; j++) {
      s[j] = (candidate[j] ?? 0) - (theta[j] ?? 0);
      yv[j] = (nextGrad[j] ?? 0) - (grad[j] ?? 0);
    }
    if (dot(s, yv) > 1e-12) {
      sHist.push(s);
      yHist.push(yv);
      if (sHist.length > memory) {
        sHist.shift();
        yHist.shift();
      }
    }
    const improvement = f - fNew;
    [theta, candidate] = [candidate, theta];
    grad = Float64Array.from(nextGrad);
    f = fNew;
    iter++;
    losses.push(f);
    options.onIteration?.(iter, f);
    converged = maxAbs(grad) < tol || improvement <= 1e-15 * Math.max(1, Math.abs(f));
  }
  return {
    classes,
    weights: theta.slice(0, k * x.cols),
    intercepts: theta.slice(k * x.cols),
    cols: x.cols,
    losses,
    iterations: iter,
    converged,
  };
}

/** Class probabilities, rows × classes row-major (binary: [1 − p, p]). */
export function predictProba(fit: LogisticFit, x: Matrix): Float64Array {
  const k = fit.classes === 2 ? 1 : fit.classes;
  const out = new Float64Array(x.rows * fit.classes);
  const z = new Float64Array(k);
  for (let r = 0; r < x.rows; r++) {
    for (let j = 0; j < k; j++) {
      let s = fit.intercepts[j] ?? 0;
      for (let c = 0; c < x.cols; c++) s += (fit.weights[j * x.cols + c] ?? 0) * (x.data[r * x.cols + c] ?? 0);
      z[j] = s;
    }
    if (k === 1) {
      const p = sigmoid(z[0] ?? 0);
      out[r * 2] = 1 - p;
      out[r * 2 + 1] = p;
    } else {
      let max = -Infinity;
      for (let j = 0; j < k; j++) max = Math.max(max, z[j] ?? 0);
      let sum = 0;
      for (let j = 0; j < k; j++) sum += Math.exp((z[j] ?? 0) - max);
      for (let j = 0; j < k; j++) out[r * k + j] = Math.exp((z[j] ?? 0) - max) / sum;
    }
  }
  return out;
}
