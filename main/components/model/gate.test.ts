import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../shared/errors';
import type { RunResult } from '../../engine/component';
import { createTestContext } from '../test-context';
import type { TestContext } from '../test-context';
import { flattenMetrics, gate } from './gate';

const contexts: TestContext<unknown>[] = [];
let dir: string;
let candidate: string;
let baseline: string;

// The shape model.evaluate writes (trimmed).
const evaluated = (auc: number, logLoss: number) => ({
  task: 'binary',
  metrics: { accuracy: 0.95, roc_auc: auc, log_loss: logLoss, latency_p95_ms: 0.4, average_precision: null },
  per_class: { malignant: { recall: 0.9, support: 50 } },
  confusion_matrix: { labels: ['a', 'b'], matrix: [[1, 2], [3, 4]] },
  curves: { roc: { malignant: { x: [0, 1], y: [0, 1] } } },
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nodebook-gate-'));
  candidate = join(dir, 'candidate.json');
  baseline = join(dir, 'baseline.json');
  await writeFile(candidate, JSON.stringify(evaluated(0.99, 0.1)));
  await writeFile(baseline, JSON.stringify(evaluated(0.97, 0.15)));
});
afterAll(async () => {
  await Promise.all([rm(dir, { recursive: true, force: true }), ...contexts.map((t) => t.cleanup())]);
});

async function runGate(params: unknown, withBaseline = false): Promise<RunResult> {
  const inputs: Record<string, string> = withBaseline ? { metrics: candidate, baseline } : { metrics: candidate };
  const t = await createTestContext(gate, { params, inputs, inputTypes: { metrics: 'metrics', baseline: 'metrics' } });
  contexts.push(t);
  return t.run();
}

describe('model.gate', () => {
  it('passes when every threshold and improvement holds, and reports each check', async () => {
    const r = await runGate(
      {
        checks: [
          { metric: 'roc_auc', op: '>=', value: 0.98 },
          { metric: 'latency_p95_ms', op: '<', value: 5 },
          { metric: 'per_class.malignant.recall', op: '>', value: 0.85 },
          { metric: 'metrics.accuracy', op: '==', value: 0.95 },
        ],
        better: [
          { metric: 'roc_auc', by: 0.01, direction: 'higher' },
          { metric: 'log_loss', by: 0.02, direction: 'lower' },
        ],
      },
      true,
    );
    const out = r.outputs.report;
    const report = out && 'json' in out ? (out.json as { passed: boolean; checks: { metric: string; passed: boolean; expected: number; baseline?: number }[] }) : undefined;
    expect(report?.passed).toBe(true);
    expect(report?.checks).toHaveLength(6);
    expect(report?.checks.every((c) => c.passed)).toBe(true);
    expect(report?.checks[4]).toMatchObject({ kind: 'better', metric: 'roc_auc', observed: 0.99, baseline: 0.97, op: '>=' });
    expect(report?.checks[4]?.expected).toBeCloseTo(0.98, 12);
    expect(report?.checks[5]?.expected).toBeCloseTo(0.13, 12);
    expect(r.metrics).toEqual({ gate_passed: 1, checks_passed: 6 });
  });

  it('fails with a UserError listing every check, the report in details', async () => {
    const err = await runGate(
      {
        checks: [
          { metric: 'roc_auc', op: '>=', value: 0.995 },
          { metric: 'accuracy', op: '>=', value: 0.9 },
          { metric: 'average_precision', op: '>=', value: 0.5 },
        ],
        better: [{ metric: 'log_loss', by: 0.1, direction: 'lower' }],
      },
      true,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    const e = err as UserError;
    expect(e.code).toBe('gate_failed');
    expect(e.message).toContain('3 of 4 checks failed');
    expect(e.message).toContain('FAIL roc_auc 0.99 >= 0.995');
    expect(e.message).toContain('PASS accuracy 0.95 >= 0.9');
    // An undefined metric (null in JSON) never passes.
    expect(e.message).toContain('FAIL average_precision n/a >= 0.5');
    expect(e.message).toContain('FAIL log_loss 0.1 <= 0.05 (baseline 0.15)');
    const details = e.details as { passed: boolean; checks: { passed: boolean }[] };
    expect(details.passed).toBe(false);
    expect(details.checks.map((c) => c.passed)).toEqual([false, true, false, false]);
  });

  it('names an unknown metric with the available ones, and a missing baseline', async () => {
    const err = await runGate({ checks: [{ metric: 'auc', op: '>=', value: 0.9 }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(String(err)).toMatch(/checks\.0\.metric: metric 'auc' is not in the metrics input; available: accuracy, roc_auc, log_loss, latency_p95_ms, average_precision, per_class\.malignant\.recall/);
    const noBase = await runGate({ better: [{ metric: 'roc_auc' }] }).catch((e: unknown) => e);
    expect(String(noBase)).toMatch(/better: compares with a baseline, but the baseline input is not connected/);
    expect(gate.params.safeParse({}).success).toBe(false);
    expect(gate.params.safeParse({ checks: [{ metric: 'x', op: '=>', value: 1 }] }).success).toBe(false);
  });

  it('flattens nested metrics, skipping curves and matrices', () => {
    const flat = flattenMetrics(evaluated(0.9, 0.2));
    expect(flat.get('metrics.roc_auc')).toBe(0.9);
    expect(flat.has('curves.roc.malignant.x.0')).toBe(false);
    expect(flat.has('confusion_matrix.matrix.0.0')).toBe(false);
    expect(Number.isNaN(flat.get('metrics.average_precision'))).toBe(true);
  });
});
