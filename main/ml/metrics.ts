/**
 * Evaluation metrics on plain arrays. Conventions follow scikit-learn: confusion[true][pred],
 * precision of a never-predicted class is 0, ROC AUC counts tied scores as half, average
 * precision is Σ (Rₙ − Rₙ₋₁)·Pₙ, log loss clips probabilities to [1e-15, 1 − 1e-15].
 */

/** Mean negative log-likelihood; `proba` is rows × k row-major, `y` class indices. */
export function logLoss(y: ArrayLike<number>, proba: ArrayLike<number>, k: number): number {
  const eps = 1e-15;
  let sum = 0;
  for (let r = 0; r < y.length; r++) {
    // Renormalized like scikit-learn, so float32 rows that sum to 1 ± ε score the same.
    let total = 0;
    for (let j = 0; j < k; j++) total += Math.min(1 - eps, Math.max(eps, proba[r * k + j] ?? 0));
    const p = Math.min(1 - eps, Math.max(eps, proba[r * k + (y[r] ?? 0)] ?? 0)) / total;
    sum -= Math.log(p);
  }
  return y.length === 0 ? Number.NaN : sum / y.length;
}

/** confusion[i][j]: rows of true class i predicted as j. */
export function confusionMatrix(y: ArrayLike<number>, pred: ArrayLike<number>, k: number): number[][] {
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let r = 0; r < y.length; r++) {
    const row = m[y[r] ?? 0];
    const j = pred[r] ?? 0;
    if (row) row[j] = (row[j] ?? 0) + 1;
  }
  return m;
}

export interface ClassScores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export interface ClassificationScores {
  readonly accuracy: number;
  readonly balanced_accuracy: number;
  readonly precision_macro: number;
  readonly recall_macro: number;
  readonly f1_macro: number;
  readonly per_class: ClassScores[];
  readonly confusion: number[][];
}

export function classificationScores(y: ArrayLike<number>, pred: ArrayLike<number>, k: number): ClassificationScores {
  const confusion = confusionMatrix(y, pred, k);
  const perClass: ClassScores[] = [];
  let correct = 0;
  for (let i = 0; i < k; i++) {
    const tp = confusion[i]?.[i] ?? 0;
    correct += tp;
    const support = (confusion[i] ?? []).reduce((a, b) => a + b, 0);
    let predicted = 0;
    for (let t = 0; t < k; t++) predicted += confusion[t]?.[i] ?? 0;
    const precision = predicted > 0 ? tp / predicted : 0;
    const recall = support > 0 ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    perClass.push({ precision, recall, f1, support });
  }
  const mean = (xs: number[]) => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
  const present = perClass.filter((c) => c.support > 0);
  return {
    accuracy: y.length === 0 ? Number.NaN : correct / y.length,
    // Classes absent from y do not count, as in scikit-learn's balanced_accuracy_score.
    balanced_accuracy: mean(present.map((c) => c.recall)),
    precision_macro: mean(perClass.map((c) => c.precision)),
    recall_macro: mean(perClass.map((c) => c.recall)),
    f1_macro: mean(perClass.map((c) => c.f1)),
    per_class: perClass,
    confusion,
  };
}

/** Distinct-threshold cumulative counts, by descending score. */
function cumulative(positive: ArrayLike<boolean>, scores: ArrayLike<number>): { tp: number[]; fp: number[]; thresholds: number[]; p: number; n: number } {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0));
  const tp: number[] = [];
  const fp: number[] = [];
  const thresholds: number[] = [];
  let t = 0;
  let f = 0;
  for (let i = 0; i < order.length; i++) {
    const idx = order[i] ?? 0;
    if (positive[idx]) t++;
    else f++;
    const next = order[i + 1];
    if (next === undefined || (scores[next] ?? 0) !== (scores[idx] ?? 0)) {
      tp.push(t);
      fp.push(f);
      thresholds.push(scores[idx] ?? 0);
    }
  }
  return { tp, fp, thresholds, p: t, n: f };
}

export interface RocCurve {
  readonly fpr: number[];
  readonly tpr: number[];
  readonly thresholds: number[];
  readonly auc: number;
}

/** ROC curve and area for `positive` vs the rest; NaN area when only one class is present. */
export function rocCurve(positive: ArrayLike<boolean>, scores: ArrayLike<number>): RocCurve {
  const c = cumulative(positive, scores);
  const fpr = [0, ...c.fp.map((v) => (c.n > 0 ? v / c.n : Number.NaN))];
  const tpr = [0, ...c.tp.map((v) => (c.p > 0 ? v / c.p : Number.NaN))];
  let auc = 0;
  for (let i = 1; i < fpr.length; i++) auc += ((fpr[i] ?? 0) - (fpr[i - 1] ?? 0)) * ((tpr[i] ?? 0) + (tpr[i - 1] ?? 0)) / 2;
  return { fpr, tpr, thresholds: [Infinity, ...c.thresholds], auc: c.p > 0 && c.n > 0 ? auc : Number.NaN };
}

export interface PrCurve {
  readonly precision: number[];
  readonly recall: number[];
  readonly thresholds: number[];
  readonly average_precision: number;
}

export function prCurve(positive: ArrayLike<boolean>, scores: ArrayLike<number>): PrCurve {
  const c = cumulative(positive, scores);
  const precision = c.tp.map((t, i) => t / (t + (c.fp[i] ?? 0)));
  const recall = c.tp.map((t) => (c.p > 0 ? t / c.p : Number.NaN));
  let ap = 0;
  let prev = 0;
  for (let i = 0; i < recall.length; i++) {
    ap += ((recall[i] ?? 0) - prev) * (precision[i] ?? 0);
    prev = recall[i] ?? 0;
  }
  return { precision, recall, thresholds: c.thresholds, average_precision: c.p > 0 ? ap : Number.NaN };
}

export interface CalibrationCurve {
  readonly mean_predicted: number[];
  readonly fraction_positive: number[];
  readonly count: number[];
}

/** Reliability diagram over `bins` equal-width probability bins (empty bins left out). */
export function calibrationCurve(positive: ArrayLike<boolean>, scores: ArrayLike<number>, bins = 10): CalibrationCurve {
  const sum = new Array<number>(bins).fill(0);
  const pos = new Array<number>(bins).fill(0);
  const count = new Array<number>(bins).fill(0);
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] ?? 0;
    const b = Math.min(bins - 1, Math.max(0, Math.floor(s * bins)));
    sum[b] = (sum[b] ?? 0) + s;
    count[b] = (count[b] ?? 0) + 1;
    if (positive[i]) pos[b] = (pos[b] ?? 0) + 1;
  }
  const keep = count.map((c, i) => (c > 0 ? i : -1)).filter((i) => i >= 0);
  return {
    mean_predicted: keep.map((i) => (sum[i] ?? 0) / (count[i] ?? 1)),
    fraction_positive: keep.map((i) => (pos[i] ?? 0) / (count[i] ?? 1)),
    count: keep.map((i) => count[i] ?? 0),
  };
}

/** One-vs-rest ROC AUC per class and their unweighted mean (classes absent from y are skipped). */
export function rocAucOvr(y: ArrayLike<number>, proba: ArrayLike<number>, k: number): { per_class: number[]; macro: number } {
  const perClass: number[] = [];
  for (let j = 0; j < k; j++) {
    const positive = Array.from({ length: y.length }, (_, r) => y[r] === j);
    const scores = Array.from({ length: y.length }, (_, r) => proba[r * k + j] ?? 0);
    perClass.push(rocCurve(positive, scores).auc);
  }
  const defined = perClass.filter((v) => !Number.isNaN(v));
  return { per_class: perClass, macro: defined.length === 0 ? Number.NaN : defined.reduce((a, b) => a + b, 0) / defined.length };
}

export interface RegressionScores {
  readonly mae: number;
  readonly mse: number;
  readonly rmse: number;
  readonly r2: number;
}

export function regressionScores(y: ArrayLike<number>, pred: ArrayLike<number>): RegressionScores {
  const n = y.length;
  if (n === 0) return { mae: Number.NaN, mse: Number.NaN, rmse: Number.NaN, r2: Number.NaN };
  let abs = 0;
  let sq = 0;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += (y[i] ?? 0) / n;
  let tot = 0;
  for (let i = 0; i < n; i++) {
    const e = (y[i] ?? 0) - (pred[i] ?? 0);
    abs += Math.abs(e);
    sq += e * e;
    tot += ((y[i] ?? 0) - mean) ** 2;
  }
  return { mae: abs / n, mse: sq / n, rmse: Math.sqrt(sq / n), r2: tot > 0 ? 1 - sq / tot : Number.NaN };
}

/** Linear-interpolated quantile (numpy's default), q in [0, 1]. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] ?? 0) + ((sorted[hi] ?? 0) - (sorted[lo] ?? 0)) * (pos - lo);
}
