import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../shared/errors';
import type { RunResult } from '../../engine/component';
import { loadTrainingData, regressionTarget } from '../../ml/dataset';
import { fitLinear, predictLinear } from '../../ml/linear';
import { regressionScores } from '../../ml/metrics';
import { parseModelMeta } from '../../ml/model-file';
import { readModelInfo } from '../../ml/onnx/read';
import { scoreModel } from '../../ml/ort';
import { fitPreprocessor, transform } from '../../ml/preprocess';
import { loadTable } from '../../ml/table';
import type { FixtureTables } from '../../ml/test-fixtures';
import { fixtureTables } from '../../ml/test-fixtures';
import { createTestContext } from '../test-context';
import type { TestContext } from '../test-context';
import { trainLinear } from './train-linear';

const contexts: TestContext<unknown>[] = [];
let wine: FixtureTables;
let penguins: FixtureTables;
beforeAll(async () => {
  [wine, penguins] = await Promise.all([fixtureTables('wine.csv'), fixtureTables('penguins.csv')]);
});
afterAll(async () => {
  await Promise.all([wine.cleanup(), penguins.cleanup(), ...contexts.map((t) => t.cleanup())]);
});

async function train(path: string, params: Record<string, unknown>, valid?: string): Promise<{ result: RunResult; model: string; logs: string[] }> {
  const t = await createTestContext(trainLinear, { params, inputs: valid ? { train: path, valid } : { train: path } });
  contexts.push(t);
  const result = await t.run();
  const out = result.outputs.model;
  if (!out || !('file' in out)) throw new Error('no model file');
  return { result, model: out.file, logs: t.logs };
}

async function tsPredictions(fx: FixtureTables, target: string, alpha: number): Promise<{ pred: Float64Array; truth: Float64Array }> {
  const data = await loadTrainingData(fx.train, { target });
  const pre = fitPreprocessor(data.table, { features: data.features.map((f) => f.name), target });
  const fit = fitLinear(transform(pre, data.table), regressionTarget(data.target), { alpha });
  const test = await loadTable(fx.test);
  const truth = test.columns.find((c) => c.name === target);
  return { pred: predictLinear(fit, transform(pre, test)), truth: truth?.type === 'numeric' ? truth.values : new Float64Array() };
}

describe('train.linear', () => {
  it('wine alcohol (numeric + a categorical): ONNX Runtime matches the TS model to 1e-5', async () => {
    const { result, model, logs } = await train(wine.train, { target: 'alcohol' });
    const scored = await scoreModel(model, wine.test);
    const ts = await tsPredictions(wine, 'alcohol', 0);
    const onnx = scored.predictions ?? new Float64Array();
    expect(onnx).toHaveLength(ts.pred.length);
    onnx.forEach((p, i) => expect(Math.abs(p - (ts.pred[i] ?? 0))).toBeLessThan(1e-5));
    expect(regressionScores(ts.truth, onnx).r2).toBeGreaterThan(0.5);
    // cultivar one-hot columns plus the intercept are collinear: the jitter path ran.
    expect(logs.some((l) => /singular/.test(l))).toBe(true);
    expect(logs.some((l) => /Training loss \(MSE\)/.test(l))).toBe(true);
    expect(result.metrics?.train_r2).toBeGreaterThan(0.6);
    const info = readModelInfo(await readFile(model));
    expect(parseModelMeta(info.metadata)).toMatchObject({ task: 'regression', target: 'alcohol', classes: [], trainer: 'train.linear@1' });
    expect(info.signature.outputs).toEqual([{ name: 'prediction', dtype: 'double', shape: ['N', 1] }]);
    expect(info.signature.inputs.find((i) => i.name === 'od280/od315_of_diluted_wines')?.dtype).toBe('float');
  });

  it('penguin body mass (grams, missing values) with ridge: parity to 1e-5 absolute, valid table scored', async () => {
    const { model, result } = await train(penguins.train, { target: 'body_mass_g', alpha: 2 }, penguins.test);
    const scored = await scoreModel(model, penguins.test);
    const ts = await tsPredictions(penguins, 'body_mass_g', 2);
    const onnx = scored.predictions ?? new Float64Array();
    onnx.forEach((p, i) => expect(Math.abs(p - (ts.pred[i] ?? 0))).toBeLessThan(1e-5));
    const rows = Array.from(ts.truth, (v, i) => [v, onnx[i] ?? 0] as const).filter(([v]) => Number.isFinite(v));
    const s = regressionScores(rows.map(([v]) => v), rows.map(([, p]) => p));
    expect(s.r2).toBeGreaterThan(0.8);
    expect(s.rmse).toBeLessThan(400);
    // The valid input (here the test rows) is scored with the fitted model, rows without a target dropped.
    expect(result.metrics?.valid_rmse).toBeCloseTo(s.rmse, 3);
    expect(result.metrics?.valid_r2).toBeCloseTo(s.r2, 6);
  });

  it('recovers exact coefficients from noiseless data and rejects a string target', async () => {
    // y = 2·x1 − 3·x2 + 1 on 4 rows: OLS is exact, and the metrics report it.
    const x = { data: Float64Array.from([0, 0, 1, 0, 0, 1, 2, 3]), rows: 4, cols: 2 };
    const fit = fitLinear(x, Float64Array.from([1, 3, -2, -4]));
    expect(Array.from(fit.coef, (v) => Number(v.toFixed(9)))).toEqual([2, -3]);
    expect(fit.intercept).toBeCloseTo(1, 9);
    // Ridge shrinks: 1-D closed form w = Sxy / (Sxx + α).
    const ridge = fitLinear({ data: Float64Array.from([0, 1, 2, 3]), rows: 4, cols: 1 }, Float64Array.from([0, 2, 4, 6]), { alpha: 5 });
    expect(ridge.coef[0]).toBeCloseTo(10 / (5 + 5), 12);

    const err = await train(penguins.train, { target: 'species' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(String(err)).toMatch(/target: column 'species' has type VARCHAR; regression needs a numeric target/);
  });
});
