/** Small statistics helpers for drift checks; the heavy counting happens in DuckDB. */

const EPSILON = 1e-4;

function logGamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9), accurate to ~1e-15 for x > 0.
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0] ?? 1;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] ?? 0) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularized upper incomplete gamma Q(a, x) (Numerical Recipes' gammq). */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const lnPrefix = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 1000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return Math.max(0, 1 - sum * Math.exp(lnPrefix));
  }
  // Lentz's continued fraction.
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.min(1, Math.exp(lnPrefix) * h);
}

/** P(X ≥ x) for a chi-square variable with `dof` degrees of freedom. */
export function chiSquareSurvival(x: number, dof: number): number {
  return dof <= 0 ? 1 : gammaQ(dof / 2, x / 2);
}

const fractions = (counts: readonly number[]): number[] => {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => (total === 0 ? 0 : c / total));
};

/**
 * Population stability index of `actual` against `expected` bin counts (same bins). Empty bins
 * count as a tiny share so one new category gives a large but finite index.
 */
export function psi(expected: readonly number[], actual: readonly number[]): number {
  const e = fractions(expected);
  const a = fractions(actual);
  let sum = 0;
  for (let i = 0; i < e.length; i++) {
    const ei = Math.max(e[i] ?? 0, EPSILON);
    const ai = Math.max(a[i] ?? 0, EPSILON);
    sum += (ai - ei) * Math.log(ai / ei);
  }
  return sum;
}

/** Chi-square test of homogeneity of two count vectors over the same categories. */
export function chiSquareTest(reference: readonly number[], current: readonly number[]): { statistic: number; dof: number; pValue: number } {
  const refTotal = reference.reduce((a, b) => a + b, 0);
  const curTotal = current.reduce((a, b) => a + b, 0);
  const total = refTotal + curTotal;
  let statistic = 0;
  let categories = 0;
  for (let i = 0; i < reference.length; i++) {
    const col = (reference[i] ?? 0) + (current[i] ?? 0);
    if (col === 0) continue;
    categories++;
    for (const [observed, rowTotal] of [[reference[i] ?? 0, refTotal], [current[i] ?? 0, curTotal]] as const) {
      const expected = (rowTotal * col) / total;
      if (expected > 0) statistic += (observed - expected) ** 2 / expected;
    }
  }
  const dof = categories - 1;
  return { statistic, dof, pValue: refTotal === 0 || curTotal === 0 ? 1 : chiSquareSurvival(statistic, dof) };
}
