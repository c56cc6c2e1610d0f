import { describe, expect, it } from 'vitest';
import { chiSquareSurvival, chiSquareTest, psi } from './stats';

describe('drift statistics', () => {
  it('chi-square survival matches tables', () => {
    expect(chiSquareSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 9);
    expect(chiSquareSurvival(9.21034037197618, 2)).toBeCloseTo(0.01, 9);
    expect(chiSquareSurvival(18.307038053275146, 10)).toBeCloseTo(0.05, 9);
    expect(chiSquareSurvival(0, 3)).toBe(1);
  });

  it('chi-square test: identical proportions pass, shifted ones fail', () => {
    expect(chiSquareTest([50, 30, 20], [100, 60, 40]).pValue).toBeCloseTo(1, 9);
    // scipy.stats.chi2_contingency([[50, 30, 20], [20, 30, 50]]) → statistic 25.714..., p 2.6e-6
    const r = chiSquareTest([50, 30, 20], [20, 30, 50]);
    expect(r.statistic).toBeCloseTo(25.714285714, 6);
    expect(r.dof).toBe(2);
    expect(r.pValue).toBeCloseTo(2.6e-6, 7);
  });

  it('psi is 0 for equal distributions and grows with shift', () => {
    expect(psi([10, 20, 30], [20, 40, 60])).toBeCloseTo(0, 12);
    expect(psi([25, 25, 25, 25], [10, 20, 30, 40])).toBeCloseTo(0.2282, 3);
  });
});
