import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../shared/errors';
import { join } from 'node:path';
import { writeModel } from './model-file';
import { OnnxGraph } from './onnx/graph';
import { modelSignature, scoreModel } from './ort';
import { exportPreprocessor, fitPreprocessor } from './preprocess';
import { loadTable } from './table';
import type { FixtureTables } from './test-fixtures';
import { fixtureTables } from './test-fixtures';

let fx: FixtureTables;
let modelPath: string;
beforeAll(async () => {
  fx = await fixtureTables('penguins.csv');
  // A "model" that returns its preprocessed inputs' first column as the prediction.
  const table = await loadTable(fx.train);
  const pre = fitPreprocessor(table, { features: ['island', 'bill_length_mm'], scale: false });
  const g = new OnnxGraph('identity');
  const f = exportPreprocessor(g, pre);
  g.node('Slice', [f, g.initializer('s', BigInt64Array.from([3n]), [1]), g.initializer('e', BigInt64Array.from([4n]), [1]), g.initializer('a', BigInt64Array.from([1n]), [1])], ['prediction']);
  g.output('prediction', 'float', ['N', 1]);
  modelPath = join(fx.dir, 'm.onnx');
  await writeModel(g, { task: 'regression', target: 'bill_length_mm', features: [], classes: [], trainer: 't', node: 'n', preprocessor: pre }, modelPath);
});
afterAll(() => fx.cleanup());

describe('scoreModel', () => {
  it('feeds raw columns by name (missing numbers as NaN → imputed) and reads a float prediction', async () => {
    const s = await scoreModel(modelPath, fx.test);
    const table = await loadTable(fx.test, { columns: ['bill_length_mm'] });
    const col = table.columns[0];
    const raw = col?.type === 'numeric' ? col.values : new Float64Array();
    expect(s.rows).toBe(raw.length);
    raw.forEach((v, i) => {
      if (Number.isFinite(v)) expect(s.predictions?.[i]).toBe(Math.fround(v));
    });
    expect(s.latencyMs).toBeGreaterThan(0);
    expect(await modelSignature(modelPath)).toEqual({
      inputs: [
        { name: 'island', dtype: 'string', shape: ['N', 1] },
        { name: 'bill_length_mm', dtype: 'float', shape: ['N', 1] },
      ],
      outputs: [{ name: 'prediction', dtype: 'float', shape: ['N', 1] }],
    });
  });

  it('scores in batches with the same result as one batch', async () => {
    const whole = await scoreModel(modelPath, fx.all);
    const batched = await scoreModel(modelPath, fx.all, { batchSize: 50 });
    expect(batched.rows).toBe(344);
    expect(Array.from(batched.predictions ?? [])).toEqual(Array.from(whole.predictions ?? []));
  });

  it('names a feature column the table lacks', async () => {
    const other = await fixtureTables('wine.csv');
    try {
      const err = await scoreModel(modelPath, other.test).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserError);
      expect(String(err)).toMatch(/column 'island' is not in the table; columns are: alcohol/);
    } finally {
      await other.cleanup();
    }
  });
});
