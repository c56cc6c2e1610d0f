import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../shared/errors';
import type { RunResult } from '../../engine/component';
import { classificationScores, rocCurve } from '../../ml/metrics';
import { parseModelMeta } from '../../ml/model-file';
import { readModelInfo } from '../../ml/onnx/read';
import { scoreModel } from '../../ml/ort';
import type { FixtureTables } from '../../ml/test-fixtures';
import { columnStrings, fixtureTables } from '../../ml/test-fixtures';
import { loadDataset, loadProblem } from '../../ml/trees/dataset';
import { predictGbdt, trainGbdt } from '../../ml/trees/gbdt';
import { createTestContext } from '../test-context';
import type { TestContext } from '../test-context';
import type { GbdtComponentParams } from './train-gbdt';
import { gbdtParamsSchema, trainGbdtComponent } from './train-gbdt';

const contexts: TestContext<unknown>[] = [];
let cancer: FixtureTables;
let penguins: FixtureTables;
beforeAll(async () => {
  [cancer, penguins] = await Promise.all([fixtureTables('breast_cancer.csv'), fixtureTables('penguins.csv')]);
});
afterAll(async () => {
  await Promise.all([cancer.cleanup(), penguins.cleanup(), ...contexts.map((t) => t.cleanup())]);
});

async function train(inputs: Record<string, string>, params: Record<string, unknown>): Promise<{ result: RunResult; model: string; logs: string[]; json: Record<string, unknown> }> {
  const t = await createTestContext(trainGbdtComponent, { params, inputs });
  contexts.push(t);
  const result = await t.run();
  const out = result.outputs.model;
  if (!out || !('file' in out)) throw new Error('no model file');
  const metrics = result.outputs.metrics;
  const json = metrics && 'json' in metrics ? (metrics.json as Record<string, unknown>) : {};
  return { result, model: out.file, logs: t.logs, json };
}

/** The trainer's own predictions on the test rows: the same deterministic fit, in TypeScript. */
async function tsPredictions(trainPath: string, testPath: string, raw: Record<string, unknown>): Promise<{ pred: Float64Array; classes: string[] }> {
  const p: GbdtComponentParams = gbdtParamsSchema.parse(raw);
  const problem = await loadProblem(trainPath, p);
  const fit = trainGbdt(problem.task, Math.max(1, problem.labels.length), problem.train, undefined, p);
  const test = await loadDataset(problem, testPath, 'test');
  return { pred: predictGbdt(fit.model, test.x, test.rows), classes: problem.labels };
}

function maxDiff(ts: Float64Array, onnx: Float32Array[], k: number): number {
  let max = 0;
  onnx.forEach((row, r) => row.forEach((p, j) => (max = Math.max(max, Math.abs(p - (ts[r * k + j] ?? 0))))));
  return max;
}

describe('train.gbdt', () => {
  it('binary (breast cancer): ORT returns [1 - p, p] equal to the TS model to 1e-5; test ROC AUC ≥ 0.98', async () => {
    const params = { target: 'diagnosis' };
    const { result, model, logs, json } = await train({ train: cancer.train }, params);
    const scored = await scoreModel(model, cancer.test);
    const ts = await tsPredictions(cancer.train, cancer.test, params);
    expect(ts.classes).toEqual(['benign', 'malignant']);
    const probabilities = scored.probabilities ?? [];
    expect(probabilities).toHaveLength(scored.rows);
    expect(maxDiff(ts.pred, probabilities, 2)).toBeLessThan(1e-5);
    // Not [0, p]: both columns carry probability, and the label is the likelier class.
    expect(probabilities.some((row) => (row[0] ?? 0) > 0.5)).toBe(true);
    expect(probabilities.some((row) => (row[1] ?? 0) > 0.5)).toBe(true);
    for (const [r, row] of probabilities.entries()) {
      expect((row[0] ?? 0) + (row[1] ?? 0)).toBeCloseTo(1, 6);
      expect(scored.labels?.[r]).toBe((row[1] ?? 0) > (row[0] ?? 0) ? 'malignant' : 'benign');
    }
    const positive = (await columnStrings(cancer.test, 'diagnosis')).map((v) => v === 'malignant');
    expect(rocCurve(positive, probabilities.map((p) => p[1] ?? 0)).auc).toBeGreaterThanOrEqual(0.98);

    const info = readModelInfo(await readFile(model));
    expect(parseModelMeta(info.metadata)).toMatchObject({ task: 'binary', target: 'diagnosis', classes: ['benign', 'malignant'], trainer: 'train.gbdt@1', node: 'test-node' });
    expect(info.metadata['nodebook.params']).toContain('"learningRate":0.1');
    expect(info.irVersion).toBeLessThanOrEqual(10);
    expect(info.signature.outputs).toEqual([
      { name: 'label', dtype: 'string', shape: ['N'] },
      { name: 'probabilities', dtype: 'float', shape: ['N', 2] },
    ]);
    const curve = (json.curve ?? {}) as { round: number[]; train: number[] };
    expect(curve.round).toHaveLength(100);
    expect(curve.train[99]).toBeLessThan(curve.train[0] ?? 0);
    expect(result.metrics?.best_round).toBe(100);
    expect(result.metrics?.train_logloss).toBeLessThan(0.05);
    expect(result.metrics?.train_accuracy).toBeGreaterThan(0.99);
    expect(logs.some((l) => /^round 50: train \d/.test(l))).toBe(true);
  });

  it('multiclass (penguins: categoricals + missing values): parity to 1e-5, test accuracy ≥ 0.95', async () => {
    const params = { target: 'species', rounds: 60 };
    const { model, json } = await train({ train: penguins.train }, params);
    const scored = await scoreModel(model, penguins.test);
    const ts = await tsPredictions(penguins.train, penguins.test, params);
    expect(ts.classes).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(maxDiff(ts.pred, scored.probabilities ?? [], 3)).toBeLessThan(1e-5);
    const truth = await columnStrings(penguins.test, 'species');
    const index = (s: string) => ts.classes.indexOf(s);
    expect(classificationScores(truth.map(index), (scored.labels ?? []).map(index), 3).accuracy).toBeGreaterThanOrEqual(0.95);
    const info = readModelInfo(await readFile(model));
    expect(info.signature.inputs.find((i) => i.name === 'island')).toEqual({ name: 'island', dtype: 'string', shape: ['N', 1] });
    expect(json.trees).toBe(180);
    expect(Object.keys(json.split_counts ?? {}).length).toBeGreaterThan(2);
  });

  it('regression (penguin body mass): ORT equals the TS model to float32 precision', async () => {
    const params = { target: 'body_mass_g', rounds: 40, minSamplesLeaf: 5 };
    const { model, result } = await train({ train: penguins.train }, params);
    const info = readModelInfo(await readFile(model));
    expect(parseModelMeta(info.metadata).task).toBe('regression');
    expect(info.signature.outputs).toEqual([{ name: 'prediction', dtype: 'float', shape: ['N', 1] }]);
    const scored = await scoreModel(model, penguins.test);
    const ts = await tsPredictions(penguins.train, penguins.test, params);
    const onnx = scored.predictions ?? new Float64Array(0);
    expect(onnx).toHaveLength(ts.pred.length);
    // Float32 output: agreement to 1e-5 relative (about 0.04 g on 4000 g).
    onnx.forEach((v, r) => expect(Math.abs(v - (ts.pred[r] ?? 0))).toBeLessThan(1e-5 * Math.max(1, Math.abs(ts.pred[r] ?? 0))));
    expect(result.metrics?.train_r2).toBeGreaterThan(0.8);
  });

  it('early stopping on the valid table keeps the best round', async () => {
    const { result, json, logs } = await train({ train: penguins.train, valid: penguins.test }, { target: 'species', rounds: 300, learningRate: 0.3, earlyStoppingRounds: 5 });
    const curve = json.curve as { train: number[]; valid: (number | null)[] };
    const best = Number(result.metrics?.best_round);
    expect(json.stopped_early).toBe(true);
    expect(curve.valid.length).toBe(best + 5);
    expect(curve.valid.length).toBeLessThan(300);
    const valid = curve.valid.map(Number);
    expect(Math.min(...valid)).toBe(valid[best - 1]);
    expect(result.metrics?.valid_logloss).toBe(valid[best - 1]);
    expect(result.metrics?.valid_accuracy).toBeGreaterThan(0.9);
    expect(json.trees).toBe(best * 3);
    expect(logs.some((l) => /Stopped early; kept the best round/.test(l))).toBe(true);
  });

  it('names the field for bad input', async () => {
    const missing = await train({ train: penguins.train }, { target: 'kind' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(UserError);
    expect(String(missing)).toMatch(/target: column 'kind' is not in the table/);
    const noInput = await train({}, { target: 'species' }).catch((e: unknown) => e);
    expect(String(noInput)).toMatch(/input train: not connected/);
    expect(() => gbdtParamsSchema.parse({ target: 'species', maxDepth: 0 })).toThrow(/use -1 for no limit/);
  });
});
