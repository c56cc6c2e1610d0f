import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../shared/errors';
import { OnnxGraph } from './onnx/graph';
import { buildFeeds } from './ort';
import { MISSING_CATEGORY, exportPreprocessor, fitPreprocessor, preprocessorInputs, preprocessorSchema, transform } from './preprocess';
import type { Preprocessor } from './preprocess';
import type { Table } from './table';
import { loadTable } from './table';
import type { FixtureTables } from './test-fixtures';
import { fixtureTables } from './test-fixtures';

const features = ['island', 'bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'sex', 'year'];
let fx: FixtureTables;
let train: Table;
let test: Table;

beforeAll(async () => {
  fx = await fixtureTables('penguins.csv');
  train = await loadTable(fx.train);
  test = await loadTable(fx.test);
});
afterAll(() => fx.cleanup());

async function onnxFeatures(pre: Preprocessor, table: Table): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const g = new OnnxGraph('pre');
  const out = exportPreprocessor(g, pre);
  g.output(out, 'float', ['N', pre.outputs.length]);
  const session = await ort.InferenceSession.create(g.toModel());
  const result = await session.run(buildFeeds(preprocessorInputs(pre), table));
  const t = result[out];
  if (!t) throw new Error('no output');
  return { data: t.data as Float32Array, dims: t.dims };
}

describe('preprocessing', () => {
  it('fits impute + scale for numbers and one-hot with a missing category for strings', () => {
    const pre = fitPreprocessor(train, { features, target: 'species' });
    const island = pre.steps.find((s) => s.name === 'island');
    const sex = pre.steps.find((s) => s.name === 'sex');
    const bill = pre.steps.find((s) => s.name === 'bill_length_mm');
    expect(island).toEqual({ name: 'island', type: 'categorical', categories: ['Biscoe', 'Dream', 'Torgersen'], fill: null });
    expect(sex).toEqual({ name: 'sex', type: 'categorical', categories: ['female', 'male', MISSING_CATEGORY], fill: MISSING_CATEGORY });
    expect(bill?.type).toBe('numeric');
    expect(pre.outputs).toHaveLength(4 + 1 + 3 + 3);
    // Standardized training columns: mean 0, population std 1 (missing imputed to the mean).
    const m = transform(pre, train);
    const j = m.names.indexOf('bill_length_mm');
    const col = Array.from({ length: m.rows }, (_, r) => m.data[r * m.cols + j] ?? 0);
    const mean = col.reduce((a, b) => a + b, 0) / col.length;
    expect(Math.abs(mean)).toBeLessThan(1e-6); // float32 parameters
    expect(preprocessorSchema.parse(JSON.parse(JSON.stringify(pre)))).toEqual(pre);
  });

  it('the exported ONNX graph computes the TS transform, missing values included', async () => {
    for (const options of [{ scale: true }, { scale: false, categoricalMissing: 'most_frequent' as const }]) {
      const pre = fitPreprocessor(train, { features, target: 'species', ...options });
      const ts = transform(pre, test);
      const onnx = await onnxFeatures(pre, test);
      expect(onnx.dims).toEqual([test.rows, pre.outputs.length]);
      // Bit for bit: the TS transform rounds to float32 where the ONNX ops do.
      expect(Array.from(onnx.data)).toEqual(Array.from(ts.data));
    }
  });

  it('encodes an unseen category as zeros and a missing one per the strategy', async () => {
    const rows: Table = {
      rows: 3,
      columns: [
        { name: 'island', type: 'categorical', sqlType: 'VARCHAR', values: ['Atlantis', null, 'Dream'] },
        { name: 'sex', type: 'categorical', sqlType: 'VARCHAR', values: [null, '', 'male'] },
        { name: 'year', type: 'numeric', sqlType: 'BIGINT', values: Float64Array.from([Number.NaN, 2008, 2009]) },
      ],
    };
    const pre = fitPreprocessor(train, { features: ['island', 'sex', 'year'], categoricalMissing: 'most_frequent', scale: false });
    const ts = transform(pre, rows);
    const onnx = await onnxFeatures(pre, rows);
    expect(Array.from(onnx.data)).toEqual(Array.from(ts.data, Math.fround));
    const row = (r: number) => Array.from(ts.data.subarray(r * ts.cols, (r + 1) * ts.cols));
    // island: unseen → zeros; missing → the most frequent (Biscoe). sex: missing → female (most frequent).
    const year = pre.steps[2];
    const meanYear = year?.type === 'numeric' ? year.mean : Number.NaN;
    expect(meanYear).toBeCloseTo(2008.03, 1);
    expect(pre.steps.map((s) => (s.type === 'categorical' ? s.fill : 'numeric'))).toEqual(['Biscoe', 'female', 'numeric']);
    expect(ts.names).toEqual(['island=Biscoe', 'island=Dream', 'island=Torgersen', 'sex=female', 'sex=male', 'year']);
    expect(row(0)).toEqual([0, 0, 0, 1, 0, meanYear]);
    expect(row(1)).toEqual([1, 0, 0, 1, 0, 2008]);
    expect(row(2)).toEqual([0, 1, 0, 0, 1, 2009]);
  });

  it('rejects a target among the features and unknown columns, naming them', () => {
    expect(() => fitPreprocessor(train, { features: ['species', 'island'], target: 'species' })).toThrow(/'species' is the target/);
    expect(() => fitPreprocessor(train, { features: ['island', 'label'] })).toThrow(/may not be called 'label'/);
    const err = (() => {
      try {
        fitPreprocessor(train, { features: ['wingspan'] });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UserError);
    expect(String(err)).toMatch(/column 'wingspan' is not in the table; columns are: species, island/);
  });
});
