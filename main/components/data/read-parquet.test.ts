import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { queryRows, readTableExpr, sqlString, withDuck } from '../duck';
import { createTestContext } from '../test-context';
import type { TestContext } from '../test-context';
import { readParquet } from './read-parquet';

const contexts: TestContext<unknown>[] = [];
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((t) => t.cleanup()));
});

describe('data.read_parquet', () => {
  it('reads a workspace Parquet file and re-encodes it as zstd', async () => {
    const t = await createTestContext(readParquet, { params: { path: 'data/nums.parquet' } });
    contexts.push(t);
    const source = join(t.ctx.workspaceDir, 'data', 'nums.parquet');
    await mkdir(join(t.ctx.workspaceDir, 'data'));
    await withDuck((conn) => conn.run(`COPY (SELECT i AS n FROM range(10) t(i)) TO ${sqlString(source)} (FORMAT parquet, COMPRESSION snappy)`));
    const result = await t.run();
    const out = result.outputs.table;
    if (!out || !('file' in out)) throw new Error('no table output');
    const rows = await withDuck(async (conn) => ({
      sum: await queryRows(conn, `SELECT sum(n)::INT AS s FROM ${readTableExpr(out.file)}`),
      codec: await queryRows(conn, `SELECT DISTINCT compression FROM parquet_metadata(${sqlString(out.file)})`),
    }));
    expect(rows.sum).toEqual([{ s: 45 }]);
    expect(rows.codec).toEqual([{ compression: 'ZSTD' }]);
    expect(result.metrics).toEqual({ rows: 10, columns: 1 });
  });

  it('names a missing file', async () => {
    const t = await createTestContext(readParquet, { params: { path: 'data/none.parquet' } });
    contexts.push(t);
    await expect(t.run()).rejects.toThrow(/file not found: data\/none\.parquet/);
  });
});
