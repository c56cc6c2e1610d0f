import type { CalibrationCurve, ClassScores } from './metrics';
import { calibrationCurve, classificationScores, logLoss, prCurve, regressionScores, rocAucOvr, rocCurve } from './metrics';

/**
 * Metric reports for model.evaluate: scalars (comparable across runs and gateable) plus the
 * tables and curves behind the figures. Non-finite values become null in JSON.
 */

export interface ClassificationData {
  readonly classes: readonly string[];
  /** True class index per row. */
  readonly truth: Int32Array;
  /** Predicted class index per row (the model's `label` output). */
  readonly pred: Int32Array;
  /** rows × K, row-major. */
  readonly proba: Float64Array;
  /** Binary: index of the positive class. */
  readonly positive?: number;
}

export interface Curve {
  readonly x: number[];
  readonly y: number[];
}

export interface ClassificationReport {
  readonly scalars: Record<string, number>;
  readonly per_class: Record<string, ClassScores & { roc_auc: number | null }>;
  readonly confusion_matrix: { labels: readonly string[]; matrix: number[][] };
  readonly curves?: {
    /** Binary: one curve for the positive class; multiclass: one-vs-rest per class. */
    roc: Record<string, Curve & { auc: number | null }>;
    pr: Record<string, Curve & { average_precision: number | null }>;
    calibration: Record<string, CalibrationCurve>;
  };
}

export const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Keeps at most `max` points of a curve, always the first and the last. */
export function thin(x: number[], y: number[], max = 200): Curve {
  if (x.length <= max) return { x, y };
  const step = (x.length - 1) / (max - 1);
  const idx = Array.from({ length: max }, (_, i) => Math.round(i * step));
  return { x: idx.map((i) => x[i] ?? 0), y: idx.map((i) => y[i] ?? 0) };
}

export function classificationReport(d: ClassificationData, withCurves: boolean): ClassificationReport {
  const k = d.classes.length;
  const n = d.truth.length;
  const base = classificationScores(d.truth, d.pred, k);
  const ovr = rocAucOvr(d.truth, d.proba, k);
  const scalars: Record<string, number> = {
    rows: n,
    accuracy: base.accuracy,
    balanced_accuracy: base.balanced_accuracy,
    precision_macro: base.precision_macro,
    recall_macro: base.recall_macro,
    f1_macro: base.f1_macro,
    log_loss: logLoss(d.truth, d.proba, k),
    roc_auc: ovr.macro,
  };
  const column = (j: number) => Array.from({ length: n }, (_, r) => d.proba[r * k + j] ?? 0);
  const isClass = (j: number) => Array.from(d.truth, (t) => t === j);
  if (k === 2) {
    const pos = d.positive ?? 1;
    const scores = base.per_class[pos];
    const pr = prCurve(isClass(pos), column(pos));
    scalars.roc_auc = rocCurve(isClass(pos), column(pos)).auc;
    scalars.precision = scores?.precision ?? Number.NaN;
    scalars.recall = scores?.recall ?? Number.NaN;
    scalars.f1 = scores?.f1 ?? Number.NaN;
    scalars.average_precision = pr.average_precision;
  }
  const perClass = Object.fromEntries(
    d.classes.map((cls, j) => [cls, { ...(base.per_class[j] ?? { precision: 0, recall: 0, f1: 0, support: 0 }), roc_auc: finiteOrNull(ovr.per_class[j] ?? Number.NaN) }]),
  );
  const report: ClassificationReport = { scalars, per_class: perClass, confusion_matrix: { labels: d.classes, matrix: base.confusion } };
  if (!withCurves) return report;
  const curveClasses = k === 2 ? [d.positive ?? 1] : d.classes.map((_, j) => j);
  const roc: Record<string, Curve & { auc: number | null }> = {};
  const pr: Record<string, Curve & { average_precision: number | null }> = {};
  const calibration: Record<string, CalibrationCurve> = {};
  for (const j of curveClasses) {
    const name = d.classes[j] ?? String(j);
    const r = rocCurve(isClass(j), column(j));
    roc[name] = { ...thin(r.fpr, r.tpr), auc: finiteOrNull(r.auc) };
    const p = prCurve(isClass(j), column(j));
    pr[name] = { ...thin(p.recall, p.precision), average_precision: finiteOrNull(p.average_precision) };
    calibration[name] = calibrationCurve(isClass(j), column(j));
  }
  return { ...report, curves: { roc, pr, calibration } };
}

export interface RegressionReport {
  readonly scalars: Record<string, number>;
  /** A sample (≤ 2000 rows) of actual vs predicted, for the plots. */
  readonly points?: { actual: number[]; predicted: number[] };
}

export function regressionReport(truth: Float64Array, pred: Float64Array, withPoints: boolean): RegressionReport {
  const s = regressionScores(truth, pred);
  const scalars = { rows: truth.length, mae: s.mae, mse: s.mse, rmse: s.rmse, r2: s.r2 };
  if (!withPoints) return { scalars };
  const step = Math.max(1, Math.ceil(truth.length / 2000));
  const actual: number[] = [];
  const predicted: number[] = [];
  for (let i = 0; i < truth.length; i += step) {
    actual.push(truth[i] ?? 0);
    predicted.push(pred[i] ?? 0);
  }
  return { scalars, points: { actual, predicted } };
}

/** Scalars as JSON-safe values. */
export function jsonScalars(scalars: Record<string, number>): Record<string, number | null> {
  return Object.fromEntries(Object.entries(scalars).map(([k, v]) => [k, finiteOrNull(v)]));
}
