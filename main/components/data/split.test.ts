import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../shared/errors';
import type { RunResult } from '../../engine/component';
import { queryRows, readTableExpr, withDuck } from '../duck';
import { createTestContext, fixturePath } from '../test-context';
import type { TestContext } from '../test-context';
import { split } from './split';

const contexts: TestContext<unknown>[] = [];
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((t) => t.cleanup()));
});

async function runSplit(params: unknown): Promise<RunResult> {
  const t = await createTestContext(split, { params, inputs: { table: fixturePath('penguins.csv') } });
  contexts.push(t);
  return t.run();
}

function fileOf(result: RunResult, port: string): string {
  const out = result.outputs[port];
  if (!out || !('file' in out)) throw new Error(`no ${port} output`);
  return out.file;
}

/** Rows as "species|island|bill|year" fingerprints, to compare splits by content. */
async function keys(file: string): Promise<string[]> {
  const rows = await withDuck((conn) =>
    queryRows(conn, `SELECT concat_ws('|', species, island, bill_length_mm, body_mass_g, sex, year) AS k FROM ${readTableExpr(file)}`),
  );
  return rows.map((r) => String(r.k));
}

describe('data.split', () => {
  it('splits 80/20 by default, deterministic for a seed, different for another seed', async () => {
    const a = await runSplit({});
    const b = await runSplit({});
    const c = await runSplit({ seed: 7 });
    expect(a.metrics).toEqual({ train_rows: 275, valid_rows: 0, test_rows: 69 });
    expect(await keys(fileOf(a, 'test'))).toEqual(await keys(fileOf(b, 'test')));
    expect(await keys(fileOf(a, 'test'))).not.toEqual(await keys(fileOf(c, 'test')));
    const all = [...(await keys(fileOf(a, 'train'))), ...(await keys(fileOf(a, 'test')))];
    expect(all).toHaveLength(344);
  });

  it('honours three fractions and keeps the schema of an unnamed port', async () => {
    const r = await runSplit({ fractions: { train: 0.6, valid: 0.2, test: 0.2 } });
    expect(r.metrics).toEqual({ train_rows: 206, valid_rows: 69, test_rows: 69 });
    const two = await runSplit({ fractions: { train: 0.5, test: 0.5 } });
    const cols = await withDuck((conn) => queryRows(conn, `DESCRIBE SELECT * FROM ${readTableExpr(fileOf(two, 'valid'))}`));
    expect(cols).toHaveLength(8);
    expect(two.metrics?.valid_rows).toBe(0);
  });

  it('stratifies: each split keeps the species proportions', async () => {
    const r = await runSplit({ fractions: { train: 0.75, test: 0.25 }, stratify: 'species', seed: 3 });
    const counts = await withDuck((conn) =>
      queryRows(conn, `SELECT species, count(*)::INT AS n FROM ${readTableExpr(fileOf(r, 'test'))} GROUP BY species ORDER BY species`),
    );
    // 152, 68, 124 penguins per species → 25% rounded per class.
    expect(counts).toEqual([
      { species: 'Adelie', n: 38 },
      { species: 'Chinstrap', n: 17 },
      { species: 'Gentoo', n: 31 },
    ]);
  });

  it('rejects fractions that do not sum to 1, unknown ports and unknown stratify columns', async () => {
    const bad = split.params.safeParse({ fractions: { train: 0.7, test: 0.2 } });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain('must sum to 1');
    expect(split.params.safeParse({ fractions: { train: 0.5, holdout: 0.5 } }).success).toBe(false);
    expect(split.params.safeParse({ fractions: { train: 0.7, valid: 0.1, test: 0.2 } }).success).toBe(true);
    const err = await runSplit({ stratify: 'color' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/column "color" not found.*species/);
  });
});
