import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../engine/component';
import { readTableExpr, withDuck, writeParquet } from '../duck';
import { createTestContext, fixturePath } from '../test-context';
import type { TestContext } from '../test-context';
import { histogramEdges, profile, profileTable } from './profile';
import type { FigureSet } from './profile-figures';
import type { TableProfile } from './profile';

let t: TestContext<unknown>;
let result: RunResult;
let prof: TableProfile;
let figs: FigureSet;

beforeAll(async () => {
  t = await createTestContext(profile, { inputs: { table: fixturePath('penguins.csv') } });
  result = await t.run();
  const p = result.outputs.profile;
  const f = result.outputs.figures;
  if (!p || !('json' in p) || !f || !('json' in f)) throw new Error('missing outputs');
  prof = p.json as TableProfile;
  figs = f.json as FigureSet;
});
afterAll(() => t.cleanup());

const column = (name: string) => {
  const c = prof.columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${name}`);
  return c;
};

describe('data.profile', () => {
  it('matches known penguins statistics', () => {
    expect(prof.rows).toBe(344);
    expect(prof.exact).toBe(true);
    const bill = column('bill_length_mm');
    expect(bill).toMatchObject({ kind: 'numeric', type: 'DOUBLE', count: 344, missing: 2, min: 32.1, max: 59.6 });
    expect(bill.mean).toBeCloseTo(43.92193, 4);
    expect(bill.std).toBeCloseTo(5.459584, 5);
    expect(bill.q50).toBeCloseTo(44.45, 6);
    expect(bill.q25).toBeCloseTo(39.225, 6);
    expect(bill.q75).toBeCloseTo(48.5, 6);
    expect(column('sex')).toMatchObject({ kind: 'categorical', missing: 11, distinct: 2, min: 'female', max: 'male' });
    expect(column('species').top).toEqual([
      { value: 'Adelie', count: 152 },
      { value: 'Gentoo', count: 124 },
      { value: 'Chinstrap', count: 68 },
    ]);
    expect(result.metrics).toEqual({ rows: 344, columns: 8, missing_cells: 2 + 2 + 2 + 2 + 11 });
  });

  it('builds histograms whose counts add up to the non-missing values', () => {
    const bill = column('bill_length_mm');
    expect(bill.histogram?.counts).toHaveLength(20);
    expect(bill.histogram?.counts.reduce((a, b) => a + b, 0)).toBe(342);
    expect(bill.histogram?.edges[0]).toBe(32.1);
    expect(bill.histogram?.edges[20]).toBe(59.6);
    // year spans 2007..2009: one unit bin per year.
    expect(column('year').histogram).toEqual({ edges: [2006.5, 2007.5, 2008.5, 2009.5], counts: [110, 114, 120] });
  });

  it('emits one Plotly bar chart per column', () => {
    expect(figs.figures.map((f) => f.column)).toEqual(['species', 'island', 'bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'sex', 'year']);
    const year = figs.figures.find((f) => f.column === 'year');
    expect(year?.data[0]).toMatchObject({ type: 'bar', x: [2007, 2008, 2009], y: [110, 114, 120], width: [1, 1, 1] });
    expect(year?.layout).toMatchObject({ title: { text: 'year (histogram)' } });
  });

  it('computes histogram edges', () => {
    expect(histogramEdges(5, 5, false, 10)).toEqual([4.5, 5.5]);
    expect(histogramEdges(0, 1, false, 4)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });
});

describe('profileTable on other shapes', () => {
  it('handles dates, booleans, lists, all-null columns, high-cardinality strings and empty tables', async () => {
    const file = join(t.root, 'mixed.parquet');
    const result = await withDuck(async (conn) => {
      await writeParquet(
        conn,
        `SELECT DATE '2024-01-01' + (i % 10)::INT AS day, i % 3 = 0 AS flag, [i, i + 1] AS pair, NULL::DOUBLE AS nothing,
                'user' || (i % 2000)::VARCHAR || CASE WHEN i < 40 THEN 'x' ELSE '' END AS who, (i % 7)::INT AS "odd ""name"""
         FROM range(5000) t(i)`,
        file,
      );
      return {
        mixed: await profileTable(conn, readTableExpr(file), { bins: 10, topK: 3 }),
        empty: await profileTable(conn, `(SELECT * FROM ${readTableExpr(file)} WHERE false)`, { bins: 10, topK: 3 }),
      };
    });
    const byName = new Map(result.mixed.columns.map((c) => [c.name, c]));
    expect(byName.get('day')).toMatchObject({ kind: 'temporal', min: '2024-01-01', max: '2024-01-10', distinct: 10, missing: 0 });
    expect(byName.get('flag')?.top).toEqual([{ value: false, count: 3333 }, { value: true, count: 1667 }]);
    expect(byName.get('pair')).toMatchObject({ kind: 'other', missing: 0, distinct: null });
    expect(byName.get('nothing')).toMatchObject({ kind: 'numeric', missing: 5000, min: null, mean: null });
    expect(byName.get('nothing')?.histogram).toBeUndefined();
    // 2040 distinct values: above the exact-histogram limit, counted in a third pass.
    expect(byName.get('who')?.distinct).toBe(2040);
    expect(byName.get('who')?.top?.map((x) => x.count)).toEqual([3, 3, 3]);
    expect(byName.get('odd "name"')?.histogram?.counts).toEqual([715, 715, 714, 714, 714, 714, 714]);
    expect(result.empty.rows).toBe(0);
    expect(result.empty.columns.every((c) => c.missing === 0 && c.histogram === undefined && c.top === undefined)).toBe(true);
  });
});
