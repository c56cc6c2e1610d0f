import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../shared/errors';
import type { RunResult } from '../../engine/component';
import { rocCurve } from '../../ml/metrics';
import { scoreModel } from '../../ml/ort';
import type { FixtureTables } from '../../ml/test-fixtures';
import { columnStrings, fixtureTables } from '../../ml/test-fixtures';
import { readRows } from '../../ml/trees/tune-eval';
import { createTestContext } from '../test-context';
import type { TestContext } from '../test-context';
import { tuneSearch } from './tune-search';

const contexts: TestContext<unknown>[] = [];
let cancer: FixtureTables;
let penguins: FixtureTables;
beforeAll(async () => {
  [cancer, penguins] = await Promise.all([fixtureTables('breast_cancer.csv'), fixtureTables('penguins.csv')]);
});
afterAll(async () => {
  await Promise.all([cancer.cleanup(), penguins.cleanup(), ...contexts.map((t) => t.cleanup())]);
});

async function search(data: FixtureTables, params: Record<string, unknown>, concurrency?: number): Promise<{ result: RunResult; logs: string[]; trials: Record<string, unknown>[]; model: string }> {
  const t = await createTestContext(tuneSearch, { params, inputs: { train: data.train, valid: data.test }, ...(concurrency === undefined ? {} : { concurrency }) });
  contexts.push(t);
  const result = await t.run();
  const trials = result.outputs.trials;
  const model = result.outputs.model;
  if (!trials || !('file' in trials) || !model || !('file' in model)) throw new Error('missing outputs');
  return { result, logs: t.logs, trials: await readRows(trials.file), model: model.file };
}

/** Worker processes this test process started, with their state letter (R, S, T when stopped…), from Linux's /proc. */
function workerChildren(): { pid: number; state: string }[] {
  const found: { pid: number; state: string }[] = [];
  for (const tid of readdirSync(`/proc/${process.pid}/task`)) {
    let pids: number[];
    try {
      pids = readFileSync(`/proc/${process.pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      continue;
    }
    for (const pid of pids) {
      try {
        if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('worker-main')) continue;
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        found.push({ pid, state: stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? '' });
      } catch {
        // It exited meanwhile.
      }
    }
  }
  return found;
}

// Every trial trains in a worker process started from source (tsx): slower than the built app.
describe('tune.search', { timeout: 120_000 }, () => {
  it('TPE over train.gbdt: one row per trial, the best feasible trial is the model output', async () => {
    const { result, logs, trials, model } = await search(cancer, {
      trainer: 'train.gbdt@1',
      target: 'diagnosis',
      fixed: { rounds: 25 },
      space: { learningRate: { min: 0.02, max: 0.5, log: true }, maxLeaves: { min: 2, max: 16, int: true } },
      strategy: 'tpe',
      startupTrials: 4,
      budget: { trials: 8 },
      constraints: [{ metric: 'latency_p95_ms', max: 200 }],
    });
    expect(trials).toHaveLength(8);
    for (const t of trials) {
      expect(t.status).toBe('ok');
      expect(Number(t.learningRate)).toBeGreaterThanOrEqual(0.02);
      expect(Number(t.learningRate)).toBeLessThanOrEqual(0.5);
      expect(Number.isInteger(Number(t.maxLeaves))).toBe(true);
      expect(Number(t.latency_p95_ms)).toBeGreaterThan(0);
      expect(t).toHaveProperty('feasible');
      expect(Number(t.duration_s)).toBeGreaterThan(0);
    }
    const feasible = trials.filter((t) => t.feasible === true).map((t) => Number(t.roc_auc));
    expect(result.metrics?.best_roc_auc).toBe(Math.max(...feasible));
    expect(result.metrics?.best_roc_auc).toBeGreaterThan(0.97);
    // The output model is the best trial's file: re-scoring it on valid gives its AUC.
    const scored = await scoreModel(model, cancer.test);
    const positive = (await columnStrings(cancer.test, 'diagnosis')).map((v) => v === 'malignant');
    expect(rocCurve(positive, (scored.probabilities ?? []).map((p) => p[1] ?? 0)).auc).toBeCloseTo(Number(result.metrics?.best_roc_auc), 9);
    const figure = result.outputs.figure;
    const fig = (figure && 'json' in figure ? figure.json : {}) as { data: { name: string; y: number[] }[] };
    expect(fig.data.map((d) => d.name)).toEqual(['valid roc_auc', 'best so far']);
    expect(fig.data[1]?.y.at(-1)).toBe(result.metrics?.best_roc_auc);
    expect(logs.filter((l) => /^trial \d+: \{"learningRate"/.test(l))).toHaveLength(8);
  });

  it('grid over train.forest regression; an unmeetable constraint leaves no feasible trial and warns', async () => {
    const { result, trials } = await search(penguins, {
      trainer: 'train.forest@1',
      target: 'body_mass_g',
      space: { maxDepth: { values: [2, 6] }, trees: { values: [5, 15] } },
      strategy: 'grid',
      budget: { trials: 10 },
      parallel: 3,
      constraints: [{ metric: 'model_bytes', max: 100 }],
    });
    expect(trials.map((t) => [Number(t.maxDepth), Number(t.trees)])).toEqual([[2, 5], [2, 15], [6, 5], [6, 15]]);
    expect(trials.every((t) => t.feasible === false && Number(t.rmse) > 0)).toBe(true);
    expect(result.metrics?.feasible_trials).toBe(0);
    expect(result.metrics?.best_rmse).toBe(Math.min(...trials.map((t) => Number(t.rmse))));
    expect(result.warnings?.[0]).toMatch(/No trial met the constraints/);
  });

  it('random search over train.logistic (accuracy); bad space keys and metrics are named', async () => {
    const { result, trials } = await search(penguins, {
      trainer: 'train.logistic@1', target: 'species', space: { C: { min: 0.01, max: 10, log: true } }, strategy: 'random', budget: { trials: 3 }, metric: 'accuracy',
    });
    expect(trials).toHaveLength(3);
    expect(result.metrics?.best_accuracy).toBeGreaterThan(0.9);
    const bad = await search(penguins, { trainer: 'train.gbdt@1', target: 'species', space: { depth: { values: [1] } } }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(UserError);
    expect(String(bad)).toMatch(/space: 'depth' is not a parameter of train.gbdt@1/);
    const metric = await search(penguins, { trainer: 'train.gbdt@1', target: 'species', space: { rounds: { values: [2] } }, metric: 'rmse' }).catch((e: unknown) => e);
    expect(String(metric)).toMatch(/metric: 'rmse' does not apply to a multiclass model/);
    // Trial params are checked with the trainer's schema before a process starts; the field is named.
    const value = await search(penguins, { trainer: 'train.gbdt@1', target: 'species', space: { learningRate: { values: [2] } }, budget: { trials: 1 } }).catch((e: unknown) => e);
    expect(value).toBeInstanceOf(UserError);
    expect(String(value)).toMatch(/every trial failed; the first error: learningRate: .*trial params for train.gbdt@1/);
  });

  it('trains trials in parallel in worker processes, at most the concurrency limit at once, each process one trial after another', async () => {
    const { logs, trials, result } = await search(cancer, {
      trainer: 'train.gbdt@1',
      target: 'diagnosis',
      fixed: { rounds: 60 },
      space: { learningRate: { min: 0.05, max: 0.3, log: true } },
      strategy: 'random',
      budget: { trials: 4 },
      parallel: 4,
    }, 2);
    expect(trials).toHaveLength(4);
    expect(result.metrics?.failed_trials).toBe(0);
    // Two worker processes (the concurrency limit), none of them this one, each reused.
    const pids = logs.map((l) => /^trial (\d+): .* worker pid (\d+)\]$/.exec(l)).filter((m) => m !== null).map((m) => ({ trial: Number(m[1]), pid: Number(m[2]) }));
    expect(pids).toHaveLength(4);
    expect(new Set(pids.map((p) => p.pid)).size).toBe(2);
    expect(pids.map((p) => p.pid)).not.toContain(process.pid);
    const spans = trials.map((t) => ({ start: Number(t.started_s), end: Number(t.started_s) + Number(t.duration_s), train: Number(t.train_seconds) }));
    expect(spans.map((s) => s.start)).toEqual([...spans.map((s) => s.start)].sort((a, b) => a - b));
    // parallel 4 is capped by the concurrency limit: never more than 2 trials in flight.
    const edges = spans.flatMap((s) => [{ at: s.start, d: 1 }, { at: s.end, d: -1 }]).sort((a, b) => a.at - b.at || a.d - b.d);
    let inFlight = 0;
    let peak = 0;
    for (const e of edges) peak = Math.max(peak, (inFlight += e.d));
    expect(peak).toBe(2);
    // The first two trials trained at the same time, in two processes.
    const [a, b] = spans;
    if (!a || !b) throw new Error('two trials expected');
    const overlap = Math.min(a.start + a.train, b.start + b.train) - Math.max(a.start, b.start);
    expect(overlap).toBeGreaterThan(0.5 * Math.min(a.train, b.train));
    expect(pids.find((p) => p.trial === 0)?.pid).not.toBe(pids.find((p) => p.trial === 1)?.pid);
    // Trials that shared a process trained one after the other.
    for (const x of pids) {
      for (const y of pids) {
        const sx = spans[x.trial];
        const sy = spans[y.trial];
        if (x.trial < y.trial && x.pid === y.pid && sx && sy) expect(sy.start + 1e-3).toBeGreaterThanOrEqual(sx.start + sx.train);
      }
    }
  });

  it.skipIf(process.platform !== 'linux')('cancelling mid-search, even while trial processes are stopped for a latency measurement, leaves no trial process behind', async () => {
    const controller = new AbortController();
    const t = await createTestContext(tuneSearch, {
      params: {
        trainer: 'train.gbdt@1', target: 'diagnosis', fixed: { rounds: 150 },
        space: { learningRate: { min: 0.05, max: 0.3, log: true }, maxLeaves: { min: 4, max: 31, int: true } },
        strategy: 'random', budget: { trials: 40 }, parallel: 2,
      },
      inputs: { train: cancer.train, valid: cancer.test },
      signal: controller.signal,
      concurrency: 2,
    });
    contexts.push(t);
    const seen = new Set<number>();
    let abortedAt = 0;
    let abortedWhile = '';
    const started = performance.now();
    // Cancel the moment a process is seen stopped (another trial is measuring latency), or after 20 s.
    const watch = setInterval(() => {
      const now = workerChildren();
      for (const c of now) seen.add(c.pid);
      const stoppedNow = now.some((c) => c.state === 'T' || c.state === 't');
      if (!controller.signal.aborted && (stoppedNow || performance.now() - started > 20_000)) {
        abortedWhile = stoppedNow ? 'stopped' : 'running';
        abortedAt = performance.now();
        controller.abort();
      }
    }, 2);
    const err = await t.run().catch((e: unknown) => e);
    const tookMs = performance.now() - abortedAt;
    clearInterval(watch);
    expect(controller.signal.aborted).toBe(true);
    expect(err).toBeInstanceOf(Error);
    expect(abortedWhile).toBe('stopped');
    // Stopped processes were continued at once, so they ended on SIGTERM rather than waiting 2 s for SIGKILL.
    expect(tookMs).toBeLessThan(1500);
    expect(seen.size).toBeGreaterThanOrEqual(2);
    expect(workerChildren()).toEqual([]);
    for (const pid of seen) expect(existsSync(`/proc/${pid}`)).toBe(false);
  });
});
