import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../engine/component';
import { classificationScores, rocCurve } from '../../ml/metrics';
import { parseModelMeta } from '../../ml/model-file';
import { readModelInfo } from '../../ml/onnx/read';
import { scoreModel } from '../../ml/ort';
import type { FixtureTables } from '../../ml/test-fixtures';
import { columnStrings, fixtureTables } from '../../ml/test-fixtures';
import { loadDataset, loadProblem } from '../../ml/trees/dataset';
import { predictForest, trainForest } from '../../ml/trees/forest';
import { createTestContext } from '../test-context';
import type { TestContext } from '../test-context';
import { forestParamsSchema, trainForestComponent } from './train-forest';

const contexts: TestContext<unknown>[] = [];
let cancer: FixtureTables;
let penguins: FixtureTables;
beforeAll(async () => {
  [cancer, penguins] = await Promise.all([fixtureTables('breast_cancer.csv'), fixtureTables('penguins.csv')]);
});
afterAll(async () => {
  await Promise.all([cancer.cleanup(), penguins.cleanup(), ...contexts.map((t) => t.cleanup())]);
});

async function train(inputs: Record<string, string>, params: Record<string, unknown>): Promise<{ result: RunResult; model: string; json: Record<string, unknown> }> {
  const t = await createTestContext(trainForestComponent, { params, inputs });
  contexts.push(t);
  const result = await t.run();
  const out = result.outputs.model;
  if (!out || !('file' in out)) throw new Error('no model file');
  const metrics = result.outputs.metrics;
  const json = metrics && 'json' in metrics ? (metrics.json as Record<string, unknown>) : {};
  return { result, model: out.file, json };
}

/** The same deterministic forest, trained and applied in TypeScript. */
async function tsPredictions(trainPath: string, testPath: string, raw: Record<string, unknown>): Promise<{ pred: Float64Array; classes: string[] }> {
  const p = forestParamsSchema.parse(raw);
  const problem = await loadProblem(trainPath, p);
  const regression = problem.task === 'regression';
  const maxFeatures = p.maxFeatures === 'auto' ? (regression ? 'all' : 'sqrt') : p.maxFeatures;
  const forest = trainForest(regression ? 'regression' : 'classification', Math.max(1, problem.labels.length), problem.train, { ...p, maxFeatures });
  const test = await loadDataset(problem, testPath, 'test');
  return { pred: predictForest(forest, test.x, test.rows), classes: problem.labels };
}

function maxDiff(ts: Float64Array, onnx: Float32Array[], k: number): number {
  let max = 0;
  onnx.forEach((row, r) => row.forEach((p, j) => (max = Math.max(max, Math.abs(p - (ts[r * k + j] ?? 0))))));
  return max;
}

describe('train.forest', () => {
  it('binary (breast cancer): ORT averages the trees like the TS model (1e-5), labels are the likelier class', async () => {
    const params = { target: 'diagnosis', trees: 60 };
    const { model, result, json } = await train({ train: cancer.train, valid: cancer.test }, params);
    const scored = await scoreModel(model, cancer.test);
    const ts = await tsPredictions(cancer.train, cancer.test, params);
    const probabilities = scored.probabilities ?? [];
    expect(maxDiff(ts.pred, probabilities, 2)).toBeLessThan(1e-5);
    // Some rows are uncertain: the label must follow the larger probability, not "p > 0".
    expect(probabilities.some((row) => (row[1] ?? 0) > 0.05 && (row[1] ?? 0) < 0.5)).toBe(true);
    for (const [r, row] of probabilities.entries()) {
      expect((row[0] ?? 0) + (row[1] ?? 0)).toBeCloseTo(1, 5);
      expect(scored.labels?.[r]).toBe((row[1] ?? 0) > (row[0] ?? 0) ? 'malignant' : 'benign');
    }
    const positive = (await columnStrings(cancer.test, 'diagnosis')).map((v) => v === 'malignant');
    expect(rocCurve(positive, probabilities.map((p) => p[1] ?? 0)).auc).toBeGreaterThanOrEqual(0.98);
    expect(result.metrics?.valid_roc_auc).toBeGreaterThanOrEqual(0.98);
    expect(json.trees).toBe(60);
    const info = readModelInfo(await readFile(model));
    expect(parseModelMeta(info.metadata)).toMatchObject({ task: 'binary', trainer: 'train.forest@1', classes: ['benign', 'malignant'] });
  });

  it('multiclass (penguins, categoricals + missing values): parity to 1e-5, accuracy ≥ 0.95', async () => {
    const params = { target: 'species', trees: 40, seed: 3 };
    const { model } = await train({ train: penguins.train }, params);
    const scored = await scoreModel(model, penguins.test);
    const ts = await tsPredictions(penguins.train, penguins.test, params);
    expect(maxDiff(ts.pred, scored.probabilities ?? [], 3)).toBeLessThan(1e-5);
    const truth = await columnStrings(penguins.test, 'species');
    const index = (s: string) => ts.classes.indexOf(s);
    expect(classificationScores(truth.map(index), (scored.labels ?? []).map(index), 3).accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('regression (penguin body mass): parity to float32 precision; integer classes give an int64 label', async () => {
    const params = { target: 'body_mass_g', trees: 40, maxFeatures: 0.5, minSamplesLeaf: 3 };
    const { model, result } = await train({ train: penguins.train, valid: penguins.test }, params);
    const scored = await scoreModel(model, penguins.test);
    const ts = await tsPredictions(penguins.train, penguins.test, params);
    const onnx = scored.predictions ?? new Float64Array(0);
    expect(onnx).toHaveLength(ts.pred.length);
    onnx.forEach((v, r) => expect(Math.abs(v - (ts.pred[r] ?? 0))).toBeLessThan(1e-5 * Math.max(1, Math.abs(ts.pred[r] ?? 0))));
    expect(result.metrics?.valid_r2).toBeGreaterThan(0.75);

    const years = await train({ train: penguins.train }, { target: 'year', task: 'classification', trees: 5, maxDepth: 4 });
    const info = readModelInfo(await readFile(years.model));
    expect(info.signature.outputs[0]).toEqual({ name: 'label', dtype: 'int64', shape: ['N'] });
    const yearScores = await scoreModel(years.model, penguins.test);
    expect(new Set(yearScores.labels).size).toBeGreaterThan(1);
    expect(yearScores.labels?.every((l) => ['2007', '2008', '2009'].includes(l))).toBe(true);
  });
});
