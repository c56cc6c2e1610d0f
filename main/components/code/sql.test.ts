import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../shared/errors';
import { queryRows, readTableExpr, withDuck } from '../duck';
import { createTestContext, fixturePath } from '../test-context';
import type { TestContext } from '../test-context';
import { sqlCell } from './sql';

const contexts: TestContext<unknown>[] = [];
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((t) => t.cleanup()));
});

describe('code.sql', () => {
  it('runs ctx.code over a port-named view', async () => {
    const t = await createTestContext(sqlCell, { code: 'SELECT species, count(*)::INT AS n FROM df GROUP BY species ORDER BY species', inputs: { df: fixturePath('penguins.csv') } });
    contexts.push(t);
    const result = await t.run();
    const out = result.outputs.table;
    if (!out || !('file' in out)) throw new Error('no table output');
    const rows = await withDuck((conn) => queryRows(conn, `SELECT * FROM ${readTableExpr(out.file)}`));
    expect(rows).toEqual([
      { species: 'Adelie', n: 152 },
      { species: 'Chinstrap', n: 68 },
      { species: 'Gentoo', n: 124 },
    ]);
  });

  it('names the code field in errors', async () => {
    const t = await createTestContext(sqlCell, { code: 'SELEC 1', inputs: {} });
    contexts.push(t);
    const err = await t.run().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/^code: .*syntax error/is);
  });
});
