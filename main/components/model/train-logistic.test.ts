import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../shared/errors';
import type { RunResult } from '../../engine/component';
import { classTarget, loadTrainingData } from '../../ml/dataset';
import { fitLogistic, predictProba } from '../../ml/logistic';
import { classificationScores, rocCurve } from '../../ml/metrics';
import { parseModelMeta } from '../../ml/model-file';
import { readModelInfo } from '../../ml/onnx/read';
import { scoreModel } from '../../ml/ort';
import { fitPreprocessor, transform } from '../../ml/preprocess';
import { loadTable } from '../../ml/table';
import type { FixtureTables } from '../../ml/test-fixtures';
import { columnStrings, fixtureTables } from '../../ml/test-fixtures';
import { readTableExpr, withDuck, writeParquet } from '../duck';
import { createTestContext } from '../test-context';
import type { TestContext } from '../test-context';
import { trainLogistic } from './train-logistic';

const contexts: TestContext<unknown>[] = [];
let cancer: FixtureTables;
let penguins: FixtureTables;
beforeAll(async () => {
  [cancer, penguins] = await Promise.all([fixtureTables('breast_cancer.csv'), fixtureTables('penguins.csv')]);
});
afterAll(async () => {
  await Promise.all([cancer.cleanup(), penguins.cleanup(), ...contexts.map((t) => t.cleanup())]);
});

async function train(path: string, params: Record<string, unknown>, valid?: string): Promise<{ result: RunResult; model: string; logs: string[] }> {
  const t = await createTestContext(trainLogistic, { params, inputs: valid ? { train: path, valid } : { train: path } });
  contexts.push(t);
  const result = await t.run();
  const out = result.outputs.model;
  if (!out || !('file' in out)) throw new Error('no model file');
  return { result, model: out.file, logs: t.logs };
}

/** The trainer's own predictions on `testPath`, recomputed in TypeScript with the same deterministic fit. */
async function tsProbabilities(trainPath: string, testPath: string, target: string, C = 1): Promise<{ proba: Float64Array; k: number; classes: string[] }> {
  const data = await loadTrainingData(trainPath, { target });
  const y = classTarget(data.target);
  const pre = fitPreprocessor(data.table, { features: data.features.map((f) => f.name), target });
  const fit = fitLogistic(transform(pre, data.table), y.y, y.classes.length, { C });
  const test = await loadTable(testPath);
  return { proba: predictProba(fit, transform(pre, test)), k: y.classes.length, classes: y.classes };
}

function maxDiff(ts: Float64Array, onnx: Float32Array[], k: number): number {
  let max = 0;
  onnx.forEach((row, r) => row.forEach((p, j) => (max = Math.max(max, Math.abs(p - (ts[r * k + j] ?? 0))))));
  return max;
}

describe('train.logistic', () => {
  it('scores the optional valid table with the fitted model; a class it never saw is an error naming it', async () => {
    const { result, logs } = await train(penguins.train, { target: 'species' }, penguins.test);
    const ts = await tsProbabilities(penguins.train, penguins.test, 'species');
    const truth = await columnStrings(penguins.test, 'species');
    let correct = 0;
    truth.forEach((label, r) => {
      let best = 0;
      for (let j = 1; j < ts.k; j++) if ((ts.proba[r * ts.k + j] ?? 0) > (ts.proba[r * ts.k + best] ?? 0)) best = j;
      if (ts.classes[best] === label) correct++;
    });
    expect(result.metrics?.valid_accuracy).toBeCloseTo(correct / truth.length, 12);
    expect(result.metrics?.valid_log_loss).toBeGreaterThan(0);
    expect(logs.join('\n')).toMatch(/Validation on \d+ rows: accuracy/);
    // Trained without Gentoo, the valid table holds a class the model cannot predict.
    const twoSpecies = join(penguins.dir, 'two-species.parquet');
    await withDuck((conn) => writeParquet(conn, `SELECT * FROM ${readTableExpr(penguins.train)} WHERE species <> 'Gentoo'`, twoSpecies));
    const unseen = await train(twoSpecies, { target: 'species' }, penguins.test).catch((e: unknown) => e);
    expect(unseen).toBeInstanceOf(UserError);
    expect(String(unseen)).toMatch(/valid: class 'Gentoo' of column 'species' is not in the training table \(classes: Adelie, Chinstrap\)/);
  });

  it('binary (breast cancer): ONNX Runtime matches the TS model to 1e-5, test ROC AUC ≥ 0.98', async () => {
    const { result, model, logs } = await train(cancer.train, { target: 'diagnosis' });
    const scored = await scoreModel(model, cancer.test);
    const ts = await tsProbabilities(cancer.train, cancer.test, 'diagnosis');
    expect(ts.classes).toEqual(['benign', 'malignant']);
    const probabilities = scored.probabilities ?? [];
    expect(probabilities).toHaveLength(scored.rows);
    expect(maxDiff(ts.proba, probabilities, 2)).toBeLessThan(1e-5);
    // Binary rows are [1 − p, p], and the label is the more likely class.
    for (const [r, row] of probabilities.entries()) {
      expect((row[0] ?? 0) + (row[1] ?? 0)).toBeCloseTo(1, 6);
      expect(scored.labels?.[r]).toBe((row[1] ?? 0) > 0.5 ? 'malignant' : 'benign');
    }
    const positive = (await columnStrings(cancer.test, 'diagnosis')).map((v) => v === 'malignant');
    const auc = rocCurve(positive, probabilities.map((p) => p[1] ?? 0)).auc;
    expect(auc).toBeGreaterThanOrEqual(0.98);

    const info = readModelInfo(await readFile(model));
    const meta = parseModelMeta(info.metadata);
    expect(meta).toMatchObject({ task: 'binary', target: 'diagnosis', classes: ['benign', 'malignant'], trainer: 'train.logistic@1', node: 'test-node' });
    expect(meta.features).toHaveLength(30);
    expect(info.signature.outputs).toEqual([
      { name: 'label', dtype: 'string', shape: ['N'] },
      { name: 'probabilities', dtype: 'float', shape: ['N', 2] },
    ]);
    const modelOut = result.outputs.model;
    expect(modelOut && 'meta' in modelOut ? modelOut.meta?.signature : undefined).toEqual(info.signature);
    const metrics = result.outputs.metrics;
    const json = metrics && 'json' in metrics ? metrics.json : undefined;
    expect(json).toMatchObject({ task: 'binary', converged: true });
    const curve = (json as { curves: { loss: number[] } }).curves.loss;
    expect(curve[0]).toBeCloseTo(Math.log(2), 9);
    expect(curve[curve.length - 1]).toBeLessThan(0.1);
    expect(result.metrics?.train_accuracy).toBeGreaterThan(0.97);
    expect(logs.some((l) => /iteration 10: loss/.test(l))).toBe(true);
  });

  it('multiclass (penguins, categoricals + missing values): parity to 1e-5 and test accuracy ≥ 0.95', async () => {
    const { model } = await train(penguins.train, { target: 'species' });
    const scored = await scoreModel(model, penguins.test);
    const ts = await tsProbabilities(penguins.train, penguins.test, 'species');
    expect(ts.k).toBe(3);
    expect(maxDiff(ts.proba, scored.probabilities ?? [], 3)).toBeLessThan(1e-5);
    const truth = await columnStrings(penguins.test, 'species');
    const index = (s: string) => ts.classes.indexOf(s);
    const scores = classificationScores(truth.map(index), (scored.labels ?? []).map(index), 3);
    expect(scores.accuracy).toBeGreaterThanOrEqual(0.95);
    const info = readModelInfo(await readFile(model));
    expect(info.signature.inputs.find((i) => i.name === 'island')).toEqual({ name: 'island', dtype: 'string', shape: ['N', 1] });
    expect(info.signature.inputs.find((i) => i.name === 'body_mass_g')).toEqual({ name: 'body_mass_g', dtype: 'float', shape: ['N', 1] });
    expect(parseModelMeta(info.metadata).task).toBe('multiclass');
    const batched = await scoreModel(model, penguins.test, { batchSize: 10 });
    expect(batched.labels).toEqual(scored.labels);
    expect(batched.probabilities).toEqual(scored.probabilities);
  });

  it('integer labels become an int64 label output; bad targets are named', async () => {
    const { model } = await train(penguins.train, { target: 'year', features: ['bill_length_mm', 'island'], C: 0.5 });
    const info = readModelInfo(await readFile(model));
    expect(info.signature.outputs[0]).toEqual({ name: 'label', dtype: 'int64', shape: ['N'] });
    expect(parseModelMeta(info.metadata).classes).toEqual(['2007', '2008', '2009']);
    const scored = await scoreModel(model, penguins.test);
    expect(new Set(scored.labels)).toEqual(new Set(['2007', '2008', '2009']));

    const bad = await train(penguins.train, { target: 'bill_length_mm' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(UserError);
    expect(String(bad)).toMatch(/target: column 'bill_length_mm' holds .*use a regression trainer/);
    const missing = await train(penguins.train, { target: 'kind' }).catch((e: unknown) => e);
    expect(String(missing)).toMatch(/target: column 'kind' is not in the table; columns are: species, island/);
  });
});
