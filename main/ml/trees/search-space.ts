import { z } from 'zod';
import type { Rng } from './rng';

/**
 * Search spaces and samplers for tune.search: grid, random, and a small TPE (Bergstra et al.
 * 2011): after some random trials, split the history at the γ quantile of the loss into good
 * and bad, fit one Parzen estimator per dimension to each, and pick the candidate (drawn from
 * the good one) that maximizes l(x) / g(x).
 */

const valueSchema = z.union([z.number(), z.string(), z.boolean()]);
export type ParamValue = z.infer<typeof valueSchema>;

export const dimensionSchema = z.union([
  z.object({ values: z.array(valueSchema).min(1).describe('Choices, tried as categories') }).strict(),
  z
    .object({
      min: z.number(),
      max: z.number(),
      log: z.boolean().default(false).describe('Sample on a log scale (min must be > 0)'),
      int: z.boolean().default(false).describe('Round to integers'),
    })
    .strict()
    .refine((d) => d.max > d.min, { message: 'max must be greater than min' })
    .refine((d) => !d.log || d.min > 0, { message: 'a log scale needs min > 0' }),
]);
export type Dimension = z.output<typeof dimensionSchema>;
export type Space = Record<string, Dimension>;
export type Point = Record<string, ParamValue>;

/** Values per continuous dimension on a grid. */
export const GRID_STEPS = 5;

function toUnit(d: Extract<Dimension, { min: number }>, v: number): number {
  return d.log ? Math.log(v) : v;
}

function fromUnit(d: Extract<Dimension, { min: number }>, u: number): number {
  const v = d.log ? Math.exp(u) : u;
  const clipped = Math.min(d.max, Math.max(d.min, v));
  return d.int ? Math.round(clipped) : clipped;
}

function bounds(d: Extract<Dimension, { min: number }>): [number, number] {
  return [toUnit(d, d.min), toUnit(d, d.max)];
}

/** Every combination, continuous dimensions at GRID_STEPS even steps (on the log scale if log). */
export function gridPoints(space: Space): Point[] {
  let points: Point[] = [{}];
  for (const [name, d] of Object.entries(space)) {
    let values: ParamValue[];
    if ('values' in d) values = d.values;
    else {
      const [lo, hi] = bounds(d);
      values = [...new Set(Array.from({ length: GRID_STEPS }, (_, i) => fromUnit(d, lo + ((hi - lo) * i) / (GRID_STEPS - 1))))];
    }
    points = points.flatMap((p) => values.map((v) => ({ ...p, [name]: v })));
  }
  return points;
}

export function randomPoint(space: Space, rng: Rng): Point {
  const p: Point = {};
  for (const [name, d] of Object.entries(space)) {
    if ('values' in d) p[name] = d.values[rng.int(d.values.length)] ?? d.values[0] ?? 0;
    else {
      const [lo, hi] = bounds(d);
      p[name] = fromUnit(d, lo + rng.next() * (hi - lo));
    }
  }
  return p;
}

/** Standard normal CDF (Abramowitz-Stegun 7.1.26, |error| < 1.5e-7). */
function phi(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** A truncated Gaussian mixture on [lo, hi]: one kernel per observation plus a wide prior kernel. */
interface Parzen {
  mu: number[];
  sigma: number[];
  mass: number[];
}

function parzen(obs: readonly number[], lo: number, hi: number): Parzen {
  const range = hi - lo;
  const mus = [...obs, (lo + hi) / 2];
  const order = mus.map((m, i) => [m, i] as const).sort((a, b) => a[0] - b[0]);
  const sigma = new Array<number>(mus.length).fill(range);
  // Bandwidth: the larger gap to a neighbour (hyperopt's rule), clipped to [range/min(100, n+1), range].
  const minSigma = range / Math.min(100, mus.length + 1);
  order.forEach(([m, i], k) => {
    if (i === mus.length - 1) return; // the prior keeps the full range
    const left = k > 0 ? m - (order[k - 1]?.[0] ?? lo) : m - lo;
    const right = k + 1 < order.length ? (order[k + 1]?.[0] ?? hi) - m : hi - m;
    sigma[i] = Math.min(range, Math.max(minSigma, left, right));
  });
  const mass = mus.map((m, i) => Math.max(1e-12, phi((hi - m) / (sigma[i] ?? range)) - phi((lo - m) / (sigma[i] ?? range))));
  return { mu: mus, sigma, mass };
}

function parzenLogPdf(p: Parzen, x: number): number {
  let s = 0;
  for (let i = 0; i < p.mu.length; i++) {
    const sg = p.sigma[i] ?? 1;
    const z = (x - (p.mu[i] ?? 0)) / sg;
    s += Math.exp(-0.5 * z * z) / (sg * Math.sqrt(2 * Math.PI) * (p.mass[i] ?? 1));
  }
  return Math.log(s / p.mu.length + 1e-300);
}

function parzenSample(p: Parzen, lo: number, hi: number, rng: Rng): number {
  const i = rng.int(p.mu.length);
  for (let tries = 0; tries < 20; tries++) {
    const v = (p.mu[i] ?? 0) + (p.sigma[i] ?? 1) * rng.normal();
    if (v >= lo && v <= hi) return v;
  }
  return Math.min(hi, Math.max(lo, p.mu[i] ?? lo));
}

export interface TpeOptions {
  /** Share of the history counted as good (γ). */
  readonly gamma: number;
  /** Candidates drawn from l(x) per suggestion. */
  readonly candidates: number;
}

/**
 * The next point to try, from finished trials (loss: lower is better; Infinity for failed or
 * infeasible trials, which always land among the bad ones).
 */
export function tpeSuggest(space: Space, history: readonly { point: Point; loss: number }[], rng: Rng, o: TpeOptions): Point {
  const sorted = [...history].sort((a, b) => a.loss - b.loss);
  const nGood = Math.max(1, Math.ceil(o.gamma * sorted.length));
  const good = sorted.slice(0, nGood).filter((h) => Number.isFinite(h.loss));
  const bad = sorted.slice(good.length);
  if (good.length === 0) return randomPoint(space, rng);
  const score = new Array<number>(o.candidates).fill(0);
  const candidates: Point[] = Array.from({ length: o.candidates }, () => ({}));
  for (const [name, d] of Object.entries(space)) {
    if ('values' in d) {
      const K = d.values.length;
      const weights = (hs: readonly { point: Point }[]) => {
        const w = new Array<number>(K).fill(1);
        for (const h of hs) {
          const k = d.values.indexOf(h.point[name] ?? '');
          if (k >= 0) w[k] = (w[k] ?? 0) + 1;
        }
        const total = w.reduce((a, b) => a + b, 0);
        return w.map((v) => v / total);
      };
      const l = weights(good);
      const g = weights(bad);
      candidates.forEach((c, i) => {
        let u = rng.next();
        let k = 0;
        while (k < K - 1 && u >= (l[k] ?? 0)) u -= l[k++] ?? 0;
        c[name] = d.values[k] ?? d.values[0] ?? 0;
        score[i] = (score[i] ?? 0) + Math.log(l[k] ?? 1e-12) - Math.log(g[k] ?? 1e-12);
      });
    } else {
      const [lo, hi] = bounds(d);
      const obs = (hs: readonly { point: Point }[]) => hs.map((h) => h.point[name]).filter((v): v is number => typeof v === 'number').map((v) => toUnit(d, v));
      const l = parzen(obs(good), lo, hi);
      const g = parzen(obs(bad), lo, hi);
      candidates.forEach((c, i) => {
        const value = fromUnit(d, parzenSample(l, lo, hi, rng));
        const u = toUnit(d, value);
        c[name] = value;
        score[i] = (score[i] ?? 0) + parzenLogPdf(l, u) - parzenLogPdf(g, u);
      });
    }
  }
  let best = 0;
  for (let i = 1; i < candidates.length; i++) if ((score[i] ?? -Infinity) > (score[best] ?? -Infinity)) best = i;
  return candidates[best] ?? randomPoint(space, rng);
}

