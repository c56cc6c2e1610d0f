import { describe, expect, it } from 'vitest';
import { calibrationCurve, classificationScores, logLoss, prCurve, quantile, regressionScores, rocAucOvr, rocCurve } from './metrics';

describe('metrics (hand-computed)', () => {
  it('ROC curve and AUC, ties counted half', () => {
    const r = rocCurve([false, false, true, true], [0.1, 0.4, 0.35, 0.8]);
    expect(r.fpr).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(r.tpr).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(r.auc).toBeCloseTo(0.75, 12);
    // Positives {0.5, 0.9} vs negatives {0.5, 0.2}: 3 wins + 1 tie of 4 pairs.
    expect(rocCurve([false, true, false, true], [0.5, 0.5, 0.2, 0.9]).auc).toBeCloseTo(0.875, 12);
    expect(rocCurve([true, true], [0.1, 0.2]).auc).toBeNaN();
  });

  it('precision-recall curve and average precision', () => {
    const p = prCurve([false, false, true, true], [0.1, 0.4, 0.35, 0.8]);
    expect(p.recall).toEqual([0.5, 0.5, 1, 1]);
    expect(p.precision).toEqual([1, 0.5, 2 / 3, 0.5]);
    expect(p.average_precision).toBeCloseTo(0.5 + 0.5 * (2 / 3), 12);
  });

  it('confusion matrix, per-class and macro scores', () => {
    const s = classificationScores([0, 0, 1, 1, 2, 2], [0, 1, 1, 1, 2, 0], 3);
    expect(s.confusion).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 1],
    ]);
    expect(s.accuracy).toBeCloseTo(4 / 6, 12);
    expect(s.per_class.map((c) => c.precision)).toEqual([0.5, 2 / 3, 1]);
    expect(s.per_class.map((c) => c.recall)).toEqual([0.5, 1, 0.5]);
    expect(s.per_class[1]?.f1).toBeCloseTo(0.8, 12);
    expect(s.f1_macro).toBeCloseTo((0.5 + 0.8 + 2 / 3) / 3, 12);
    expect(s.balanced_accuracy).toBeCloseTo(2 / 3, 12);
    // A class never predicted has precision 0, as scikit-learn's zero_division default gives.
    expect(classificationScores([0, 1], [0, 0], 2).per_class[1]).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
  });

  it('log loss, clipped', () => {
    expect(logLoss([1, 0], [0.2, 0.8, 0.6, 0.4], 2)).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 12);
    expect(logLoss([0], [0, 1], 2)).toBeCloseTo(-Math.log(1e-15), 6);
  });

  it('one-vs-rest AUC for three classes', () => {
    // Classes 0 and 2 perfectly ranked; class 1's only row scores 0.3 against 0.2, 0.4, 0.1 → 2/3.
    const proba = [0.7, 0.2, 0.1, 0.6, 0.3, 0.1, 0.1, 0.4, 0.5, 0.2, 0.1, 0.7];
    const r = rocAucOvr([0, 1, 2, 2], proba, 3);
    expect(r.per_class[0]).toBeCloseTo(1, 12);
    expect(r.per_class[2]).toBeCloseTo(1, 12);
    expect(r.per_class[1]).toBeCloseTo(2 / 3, 12);
    expect(r.macro).toBeCloseTo(8 / 9, 12);
    const mixed = rocAucOvr([0, 1, 1, 2], [0.8, 0.1, 0.1, 0.1, 0.3, 0.6, 0.3, 0.1, 0.6, 0.1, 0.4, 0.5], 3);
    // Class 1: positives 0.3, 0.1 vs negatives 0.1, 0.4: 0.3 > 0.1 ✓, 0.3 < 0.4 ✗, 0.1 = 0.1 ½, 0.1 < 0.4 ✗.
    expect(mixed.per_class[1]).toBeCloseTo(1.5 / 4, 12);
  });

  it('calibration bins, regression scores and quantiles', () => {
    const c = calibrationCurve([false, true, false, true], [0.05, 0.15, 0.12, 0.95]);
    expect(c.count).toEqual([1, 2, 1]);
    expect(c.fraction_positive).toEqual([0, 0.5, 1]);
    expect(c.mean_predicted[1]).toBeCloseTo(0.135, 12);
    const r = regressionScores([1, 2, 3], [1, 2, 5]);
    expect(r.mae).toBeCloseTo(2 / 3, 12);
    expect(r.rmse).toBeCloseTo(Math.sqrt(4 / 3), 12);
    expect(r.r2).toBeCloseTo(-1, 12);
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.95)).toBeCloseTo(3.85, 12);
  });
});
