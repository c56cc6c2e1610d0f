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

async function search(data: FixtureTables, params: Record<string, unknown>): Promise<{ result: RunResult; logs: string[]; trials: Record<string, unknown>[]; model: string }> {
  const t = await createTestContext(tuneSearch, { params, inputs: { train: data.train, valid: data.test } });
  contexts.push(t);
  const result = await t.run();
  const trials = result.outputs.trials;
  const model = result.outputs.model;
  if (!trials || !('file' in trials) || !model || !('file' in model)) throw new Error('missing outputs');
  return { result, logs: t.logs, trials: await readRows(trials.file), model: model.file };
}

describe('tune.search', () => {
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
  });
});
