import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { csvToParquet, readTableExpr, writeParquet, withDuck } from '../components/duck';
import { loadTable } from './table';

/** Absolute path of a CSV under main/ml/fixtures/. */
export function mlFixture(name: string): string {
  return join(dirname(fileURLToPath(import.meta.url)), 'fixtures', name);
}

export interface FixtureTables {
  readonly dir: string;
  /** Every row. */
  readonly all: string;
  /** About 75% of the rows, chosen by a seeded hash of the row position. */
  readonly train: string;
  /** The other rows. */
  readonly test: string;
  cleanup(): Promise<void>;
}

/** Converts a fixture CSV (NA and '' are missing) to Parquet, plus a deterministic train/test split. */
export async function fixtureTables(csv: string): Promise<FixtureTables> {
  const dir = await mkdtemp(join(tmpdir(), 'nodebook-ml-'));
  const all = join(dir, 'all.parquet');
  const train = join(dir, 'train.parquet');
  const test = join(dir, 'test.parquet');
  await withDuck(async (conn) => {
    await csvToParquet(conn, mlFixture(csv), all, { nullValues: ['', 'NA'] });
    const src = readTableExpr(all);
    await writeParquet(conn, `SELECT * EXCLUDE (__pos) FROM (SELECT *, file_row_number AS __pos FROM ${src}) WHERE hash(__pos, 7) % 4 <> 0 ORDER BY __pos`, train);
    await writeParquet(conn, `SELECT * EXCLUDE (__pos) FROM (SELECT *, file_row_number AS __pos FROM ${src}) WHERE hash(__pos, 7) % 4 = 0 ORDER BY __pos`, test);
  });
  return { dir, all, train, test, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** One column of a Parquet table as strings ('' for missing). */
export async function columnStrings(path: string, column: string): Promise<string[]> {
  const col = (await loadTable(path, { columns: [column] })).columns[0];
  if (!col) return [];
  return col.type === 'numeric' ? Array.from(col.values, (v) => (Number.isNaN(v) ? '' : String(v))) : col.values.map((v) => v ?? '');
}
