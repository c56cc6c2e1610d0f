import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { UserError } from '../../../shared/errors';
import { defineComponent } from '../../engine/component';

const ops = ['>=', '>', '<=', '<', '=='] as const;
type Op = (typeof ops)[number];

const params = z
  .object({
    checks: z
      .array(z.object({ metric: z.string().min(1), op: z.enum(ops), value: z.number() }))
      .default([])
      .describe('Absolute thresholds, e.g. { metric: roc_auc, op: ">=", value: 0.9 }'),
    better: z
      .array(z.object({ metric: z.string().min(1), by: z.number().min(0).default(0), direction: z.enum(['higher', 'lower']).default('higher') }))
      .default([])
      .describe('Must beat the baseline input by at least `by` (higher or lower is better)'),
  })
  .refine((p) => p.checks.length + p.better.length > 0, { message: 'name at least one check or better entry' });

export interface GateCheck {
  readonly kind: 'threshold' | 'better';
  readonly metric: string;
  readonly op: Op;
  readonly observed: number | null;
  readonly expected: number;
  readonly baseline?: number | null;
  readonly passed: boolean;
}

/** Sections that are curves or matrices, not gateable numbers. */
const SKIP = new Set(['curves', 'confusion_matrix']);

/** Numeric leaves of a metrics JSON by dotted path; null counts as NaN (e.g. an undefined AUC). */
export function flattenMetrics(value: unknown, prefix = '', out = new Map<string, number>()): Map<string, number> {
  if (typeof value === 'number') out.set(prefix, value);
  else if (value === null && prefix !== '') out.set(prefix, Number.NaN);
  else if (Array.isArray(value)) value.forEach((v, i) => flattenMetrics(v, prefix ? `${prefix}.${i}` : String(i), out));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) if (!SKIP.has(k)) flattenMetrics(v, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

/** Resolves a metric name: a dotted path, or a short name of the `metrics` section (model.evaluate's scalars). */
function lookup(flat: Map<string, number>, metric: string, field: string, source: string): number {
  const hit = flat.get(metric) ?? flat.get(`metrics.${metric}`);
  if (hit !== undefined) return hit;
  const names = [...flat.keys()].map((k) => (k.startsWith('metrics.') ? k.slice('metrics.'.length) : k));
  throw new UserError('unknown_metric', `${field}: metric '${metric}' is not in the ${source}; available: ${names.join(', ')}`);
}

function compare(observed: number, op: Op, expected: number): boolean {
  switch (op) {
    case '>=':
      return observed >= expected;
    case '>':
      return observed > expected;
    case '<=':
      return observed <= expected;
    case '<':
      return observed < expected;
    case '==':
      return Math.abs(observed - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
  }
}

const show = (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? 'n/a' : String(Number(v.toPrecision(6))));

export function describeCheck(c: GateCheck): string {
  const base = c.kind === 'better' ? ` (baseline ${show(c.baseline)})` : '';
  return `${c.passed ? 'PASS' : 'FAIL'} ${c.metric} ${show(c.observed)} ${c.op} ${show(c.expected)}${base}`;
}

async function readMetrics(path: string, port: string): Promise<Map<string, number>> {
  try {
    return flattenMetrics(JSON.parse(await readFile(path, 'utf8')));
  } catch (err) {
    throw new UserError('bad_input', `input ${port}: not a metrics JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}

export const gate = defineComponent({
  id: 'model.gate',
  version: 1,
  title: 'Gate',
  category: 'evaluate',
  description:
    'Stops the pipeline unless the metrics pass every check: absolute thresholds, and improvements over a baseline. A failure lists every check; nothing downstream runs.',
  inputs: {
    metrics: { type: 'metrics', description: 'Metrics to check, e.g. the output of model.evaluate' },
    baseline: { type: 'metrics', description: 'Metrics of the model to beat (for `better`)', optional: true },
  },
  outputs: { report: { type: 'metrics', description: 'Every check with observed, expected and passed' } },
  params,
  async run(ctx) {
    const input = ctx.inputs.metrics;
    if (!input) throw new UserError('missing_input', 'input metrics: not connected; connect the metrics to check (e.g. model.evaluate)');
    const { checks, better } = ctx.params;
    const flat = await readMetrics(input.path, 'metrics');
    const results: GateCheck[] = checks.map((c, i) => {
      const observed = lookup(flat, c.metric, `checks.${i}.metric`, 'metrics input');
      return { kind: 'threshold', metric: c.metric, op: c.op, observed: Number.isNaN(observed) ? null : observed, expected: c.value, passed: compare(observed, c.op, c.value) };
    });
    if (better.length > 0) {
      const baselineIn = ctx.inputs.baseline;
      if (!baselineIn) throw new UserError('missing_input', 'better: compares with a baseline, but the baseline input is not connected; connect the baseline model\'s metrics or remove `better`');
      const base = await readMetrics(baselineIn.path, 'baseline');
      better.forEach((b, i) => {
        const observed = lookup(flat, b.metric, `better.${i}.metric`, 'metrics input');
        const baseline = lookup(base, b.metric, `better.${i}.metric`, 'baseline input');
        const op: Op = b.direction === 'higher' ? '>=' : '<=';
        const expected = b.direction === 'higher' ? baseline + b.by : baseline - b.by;
        results.push({ kind: 'better', metric: b.metric, op, observed: Number.isNaN(observed) ? null : observed, expected, baseline: Number.isNaN(baseline) ? null : baseline, passed: compare(observed, op, expected) });
      });
    }
    const failed = results.filter((c) => !c.passed);
    const report = { passed: failed.length === 0, summary: `${results.length - failed.length} of ${results.length} checks passed`, checks: results };
    for (const c of results) ctx.log(describeCheck(c));
    if (failed.length > 0) {
      throw new UserError('gate_failed', `Gate failed: ${failed.length} of ${results.length} checks failed\n${results.map(describeCheck).join('\n')}`, report);
    }
    return { outputs: { report: { json: report } }, metrics: { gate_passed: 1, checks_passed: results.length } };
  },
});
