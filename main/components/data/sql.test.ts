import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../shared/errors';
import type { RunResult } from '../../engine/component';
import { queryRows, readTableExpr, withDuck } from '../duck';
import { createTestContext, fixturePath } from '../test-context';
import type { TestContext } from '../test-context';
import { cleanQuery, sqlTransform } from './sql';

const contexts: TestContext<unknown>[] = [];
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((t) => t.cleanup()));
});

async function runSql(query: string): Promise<RunResult> {
  const t = await createTestContext(sqlTransform, {
    params: { query },
    inputs: { people: fixturePath('people.csv'), orders: fixturePath('orders.csv') },
  });
  contexts.push(t);
  return t.run();
}

async function rowsOf(result: RunResult): Promise<Record<string, unknown>[]> {
  const out = result.outputs.table;
  if (!out || !('file' in out)) throw new Error('no table output');
  return withDuck((conn) => queryRows(conn, `SELECT * FROM ${readTableExpr(out.file)}`));
}

describe('data.sql', () => {
  it('joins two inputs, each a view named after its port', async () => {
    const result = await runSql(`
      SELECT name, sum(amount)::DOUBLE AS total
      FROM people JOIN orders ON orders.person_id = people.id
      GROUP BY name ORDER BY name; -- trailing comment`);
    expect(await rowsOf(result)).toEqual([
      { name: 'Ada', total: 19.75 },
      { name: 'Barbara', total: 3.5 },
      { name: 'Grace', total: 100 },
    ]);
    expect(result.metrics).toEqual({ rows: 3 });
  });

  it('reports a SQL error as a UserError with DuckDB message', async () => {
    const err = await runSql('SELECT nope FROM people').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).code).toBe('sql_error');
    expect((err as UserError).message).toMatch(/^query: .*nope/s);
  });

  it('refuses several statements', async () => {
    await expect(runSql('SELECT 1; SELECT 2')).rejects.toThrow(/found 2 statements/);
  });

  it('strips trailing semicolons and comments but keeps -- inside strings', () => {
    expect(cleanQuery("SELECT 1 ; -- done\n /* c */ ;")).toBe('SELECT 1');
    expect(cleanQuery("/* head */ SELECT '--x' AS a")).toBe("/* head */ SELECT '--x' AS a");
  });

  it('refuses an empty query naming the inputs', async () => {
    await expect(runSql(' ; ')).rejects.toThrow(/query is empty.*people, orders/);
  });
});
