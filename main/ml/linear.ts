/**
 * Ridge / ordinary least squares by the normal equations: centre X and y (so the intercept is
 * not penalized), solve (XᵀX + αI) w = Xᵀy by Cholesky, intercept = ȳ − x̄·w.
 */

export interface Matrix {
  /** Row-major rows × cols. */
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

export interface LinearFit {
  readonly coef: Float64Array;
  readonly intercept: number;
  /** The ridge added to make XᵀX positive definite when α = 0 and it is singular (0 when not needed). */
  readonly jitter: number;
}

/** Solves A x = b in place for symmetric positive definite A (n × n, row-major); false if not PD. */
export function choleskySolve(a: Float64Array, b: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j] ?? 0;
      for (let k = 0; k < j; k++) s -= (l[i * n + k] ?? 0) * (l[j * n + k] ?? 0);
      if (i === j) {
        if (!(s > 0)) return null;
        l[i * n + i] = Math.sqrt(s);
      } else {
        l[i * n + j] = s / (l[j * n + j] ?? 1);
      }
    }
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i] ?? 0;
    for (let k = 0; k < i; k++) s -= (l[i * n + k] ?? 0) * (z[k] ?? 0);
    z[i] = s / (l[i * n + i] ?? 1);
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i] ?? 0;
    for (let k = i + 1; k < n; k++) s -= (l[k * n + i] ?? 0) * (x[k] ?? 0);
    x[i] = s / (l[i * n + i] ?? 1);
  }
  return x;
}

export function columnMeans(x: Matrix): Float64Array {
  const means = new Float64Array(x.cols);
  for (let r = 0; r < x.rows; r++) for (let c = 0; c < x.cols; c++) means[c] = (means[c] ?? 0) + (x.data[r * x.cols + c] ?? 0);
  for (let c = 0; c < x.cols; c++) means[c] = (means[c] ?? 0) / Math.max(1, x.rows);
  return means;
}

export function fitLinear(x: Matrix, y: Float64Array, options: { alpha?: number } = {}): LinearFit {
  const { rows, cols } = x;
  if (y.length !== rows) throw new Error(`fitLinear: ${y.length} targets for ${rows} rows`);
  const alpha = options.alpha ?? 0;
  const xm = columnMeans(x);
  const ym = y.reduce((a, b) => a + b, 0) / Math.max(1, rows);
  const gram = new Float64Array(cols * cols);
  const xty = new Float64Array(cols);
  const centred = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) centred[c] = (x.data[r * cols + c] ?? 0) - (xm[c] ?? 0);
    const yc = (y[r] ?? 0) - ym;
    for (let i = 0; i < cols; i++) {
      const ci = centred[i] ?? 0;
      if (ci === 0) continue;
      xty[i] = (xty[i] ?? 0) + ci * yc;
      for (let j = 0; j <= i; j++) gram[i * cols + j] = (gram[i * cols + j] ?? 0) + ci * (centred[j] ?? 0);
    }
  }
  for (let i = 0; i < cols; i++) for (let j = 0; j < i; j++) gram[j * cols + i] = gram[i * cols + j] ?? 0;
  let trace = 0;
  for (let i = 0; i < cols; i++) trace += gram[i * cols + i] ?? 0;
  // One-hot columns sum to one, so with an intercept XᵀX is singular; a ridge far below the data's
  // scale picks the minimum-norm solution without changing the predictions measurably.
  let jitter = 0;
  for (let attempt = 0; attempt < 12; attempt++) {
    const a = Float64Array.from(gram);
    for (let i = 0; i < cols; i++) a[i * cols + i] = (a[i * cols + i] ?? 0) + alpha + jitter;
    const w = choleskySolve(a, xty, cols);
    if (w) {
      let intercept = ym;
      for (let c = 0; c < cols; c++) intercept -= (xm[c] ?? 0) * (w[c] ?? 0);
      return { coef: w, intercept, jitter };
    }
    jitter = jitter === 0 ? Math.max(trace / Math.max(1, cols), 1e-12) * 1e-10 : jitter * 100;
  }
  throw new Error('fitLinear: the normal equations could not be solved (non-finite data?)');
}

export function predictLinear(fit: { coef: Float64Array; intercept: number }, x: Matrix): Float64Array {
  const out = new Float64Array(x.rows);
  for (let r = 0; r < x.rows; r++) {
    let s = fit.intercept;
    for (let c = 0; c < x.cols; c++) s += (fit.coef[c] ?? 0) * (x.data[r * x.cols + c] ?? 0);
    out[r] = s;
  }
  return out;
}
