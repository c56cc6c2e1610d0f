import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../shared/errors';
import type { ComponentDefinition, RunResult } from '../../engine/component';
import { scoreModel } from '../../ml/ort';
import type { FixtureTables } from '../../ml/test-fixtures';
import { columnStrings, fixtureTables } from '../../ml/test-fixtures';
import { createTestContext } from '../test-context';
import type { TestContext } from '../test-context';
import { evaluate } from './evaluate';
import { trainLinear } from './train-linear';
import { trainLogistic } from './train-logistic';

const contexts: TestContext<unknown>[] = [];
let cancer: FixtureTables;
let penguins: FixtureTables;
let wine: FixtureTables;
let cancerModel: string;
let penguinModel: string;
let wineModel: string;

async function run(def: ComponentDefinition, params: unknown, inputs: Record<string, string>): Promise<RunResult> {
  const t = await createTestContext(def, { params, inputs, inputTypes: { model: 'model' } });
  contexts.push(t);
  return t.run();
}
function fileOf(r: RunResult, port: string): string {
  const out = r.outputs[port];
  if (!out || !('file' in out)) throw new Error(`no ${port} file`);
  return out.file;
}
function jsonOf(r: RunResult, port: string): Record<string, unknown> {
  const out = r.outputs[port];
  if (!out || !('json' in out)) throw new Error(`no ${port} json`);
  return out.json as Record<string, unknown>;
}

beforeAll(async () => {
  [cancer, penguins, wine] = await Promise.all([fixtureTables('breast_cancer.csv'), fixtureTables('penguins.csv'), fixtureTables('wine.csv')]);
  cancerModel = fileOf(await run(trainLogistic, { target: 'diagnosis' }, { train: cancer.train }), 'model');
  penguinModel = fileOf(await run(trainLogistic, { target: 'species' }, { train: penguins.train }), 'model');
  wineModel = fileOf(await run(trainLinear, { target: 'alcohol' }, { train: wine.train }), 'model');
});
afterAll(async () => {
  await Promise.all([cancer.cleanup(), penguins.cleanup(), wine.cleanup(), ...contexts.map((t) => t.cleanup())]);
});

describe('model.evaluate', () => {
  it('binary: metrics from the ONNX file, curves and figures, latency, a chosen positive class', async () => {
    const r = await run(evaluate, { latencyRepeats: 3, latencyRows: 10 }, { model: cancerModel, table: cancer.test });
    const m = r.metrics ?? {};
    expect(m.roc_auc).toBeGreaterThanOrEqual(0.98);
    expect(m.accuracy).toBeGreaterThan(0.93);
    expect(m.log_loss).toBeLessThan(0.2);
    for (const key of ['balanced_accuracy', 'f1_macro', 'precision', 'recall', 'f1', 'average_precision', 'latency_p50_ms', 'latency_p95_ms', 'batch_latency_p95_ms']) expect(m[key], key).toBeTypeOf('number');
    expect(m.latency_p95_ms ?? 0).toBeGreaterThanOrEqual(m.latency_p50_ms ?? 0);

    // Accuracy agrees with the labels ORT returns for the same rows.
    const scored = await scoreModel(cancerModel, cancer.test);
    const truth = await columnStrings(cancer.test, 'diagnosis');
    const correct = truth.filter((t, i) => t === scored.labels?.[i]).length;
    expect(m.accuracy).toBeCloseTo(correct / truth.length, 12);

    const json = jsonOf(r, 'metrics');
    expect(json).toMatchObject({ task: 'binary', target: 'diagnosis', positive_class: 'malignant', classes: ['benign', 'malignant'], rows: truth.length });
    const cm = json.confusion_matrix as { labels: string[]; matrix: number[][] };
    expect(cm.matrix.flat().reduce((a, b) => a + b, 0)).toBe(truth.length);
    expect((cm.matrix[0]?.[0] ?? 0) + (cm.matrix[1]?.[1] ?? 0)).toBe(correct);
    const figures = jsonOf(r, 'figures').figures as { title: string; data: unknown[]; layout: unknown }[];
    expect(figures.map((f) => f.title)).toEqual(['Confusion matrix', 'ROC curve', 'Precision-recall curve', 'Calibration curve']);

    const flipped = await run(evaluate, { positiveClass: 'benign', latencyRows: 0, latencyRepeats: 1 }, { model: cancerModel, table: cancer.test });
    expect(flipped.metrics?.roc_auc).toBeCloseTo(m.roc_auc ?? 0, 12);
    expect(flipped.metrics?.recall).not.toBeCloseTo(m.recall ?? 0, 6);
    const bad = await run(evaluate, { positiveClass: 'maybe' }, { model: cancerModel, table: cancer.test }).catch((e: unknown) => e);
    expect(String(bad)).toMatch(/positiveClass: 'maybe' is not a class of this model; classes are: benign, malignant/);
  });

  it('multiclass with slices: per-island metrics add up to the whole', async () => {
    const r = await run(evaluate, { sliceBy: 'island', latencyRows: 5, latencyRepeats: 2 }, { model: penguinModel, table: penguins.test });
    expect(r.metrics?.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(r.metrics?.roc_auc).toBeGreaterThan(0.99);
    const json = jsonOf(r, 'metrics');
    const slices = json.slices as { column: string; groups: { value: string; rows: number; accuracy: number }[] };
    expect(slices.column).toBe('island');
    expect(slices.groups.map((g) => g.value).sort()).toEqual(['Biscoe', 'Dream', 'Torgersen']);
    expect(slices.groups.reduce((a, g) => a + g.rows, 0)).toBe(json.rows);
    const weighted = slices.groups.reduce((a, g) => a + g.accuracy * g.rows, 0) / (json.rows as number);
    expect(weighted).toBeCloseTo(r.metrics?.accuracy ?? 0, 12);
    expect(r.metrics?.slice_min_accuracy).toBe(Math.min(...slices.groups.map((g) => g.accuracy)));
    expect(Object.keys(json.per_class as object)).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
  });

  it('regression: MAE, RMSE, R² and the two plots', async () => {
    const r = await run(evaluate, { latencyRows: 3, latencyRepeats: 2 }, { model: wineModel, table: wine.test });
    const m = r.metrics ?? {};
    expect(m.r2).toBeGreaterThan(0.5);
    expect(m.rmse).toBeGreaterThanOrEqual(m.mae ?? 0);
    const scored = await scoreModel(wineModel, wine.test);
    const truth = (await columnStrings(wine.test, 'alcohol')).map(Number);
    const mae = truth.reduce((a, t, i) => a + Math.abs(t - (scored.predictions?.[i] ?? 0)), 0) / truth.length;
    expect(m.mae).toBeCloseTo(mae, 12);
    const figures = jsonOf(r, 'figures').figures as { title: string }[];
    expect(figures.map((f) => f.title)).toEqual(['Predicted vs actual', 'Residuals']);
  });

  it('names a missing target or feature column', async () => {
    const noTarget = await run(evaluate, {}, { model: cancerModel, table: penguins.test }).catch((e: unknown) => e);
    expect(noTarget).toBeInstanceOf(UserError);
    expect(String(noTarget)).toMatch(/table: the model's target column 'diagnosis' is not in the table; columns are: species/);
    const badSlice = await run(evaluate, { sliceBy: 'colour' }, { model: penguinModel, table: penguins.test }).catch((e: unknown) => e);
    expect(String(badSlice)).toMatch(/sliceBy: column 'colour' is not in the table/);
  });
});
