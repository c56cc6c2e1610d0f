import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, csvToParquet, queryRows, readTableExpr, sqlIdent, sqlString, tableSchema, withDuck, writeParquet } from './duck';
import { fixturePath } from './test-context';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nodebook-duck-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('duck', () => {
  it('escapes literals and identifiers so hostile names round-trip', async () => {
    expect(sqlString("it's")).toBe("'it''s'");
    expect(sqlIdent('a"b')).toBe('"a""b"');
    const name = `we"ird'; DROP TABLE x; --`;
    const rows = await withDuck((conn) => queryRows(conn, `SELECT ${sqlString(name)} AS ${sqlIdent(name)}`));
    expect(rows).toEqual([{ [name]: name }]);
  });

  it('writes zstd Parquet, reads its schema and counts rows', async () => {
    const out = join(dir, "o'dd name.parquet");
    await withDuck(async (conn) => {
      expect(await writeParquet(conn, 'SELECT i::INTEGER AS i, i::VARCHAR AS s FROM range(5) t(i)', out)).toEqual({ rows: 5 });
      expect(await tableSchema(conn, readTableExpr(out))).toEqual([
        { name: 'i', type: 'INTEGER' },
        { name: 's', type: 'VARCHAR' },
      ]);
      expect(await countRows(conn, readTableExpr(out))).toBe(5);
      const codecs = await queryRows(conn, `SELECT DISTINCT compression FROM parquet_metadata(${sqlString(out)})`);
      expect(codecs).toEqual([{ compression: 'ZSTD' }]);
    });
  });

  it('converts CSV to Parquet with the given missing-value markers', async () => {
    const out = join(dir, 'penguins.parquet');
    await withDuck(async (conn) => {
      expect(await csvToParquet(conn, fixturePath('penguins.csv'), out, { nullValues: ['', 'NA'] })).toEqual({ rows: 344 });
      expect(await queryRows(conn, `SELECT count(sex)::INT AS n FROM ${readTableExpr(out)}`)).toEqual([{ n: 333 }]);
    });
  });

  it('refuses to start when already aborted and interrupts a running query on abort', async () => {
    await expect(withDuck(() => Promise.resolve(1), { signal: AbortSignal.abort() })).rejects.toThrow();
    const controller = new AbortController();
    const started = Date.now();
    const slow = withDuck((conn) => queryRows(conn, 'SELECT count(*) FROM range(10000000000) a, range(10) b WHERE a.range % 7 = b.range'), {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 200);
    await expect(slow).rejects.toThrow(/interrupt/i);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
