import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../shared/errors';
import { queryRows, readTableExpr, tableSchema, withDuck } from '../duck';
import { createTestContext, fixturePath } from '../test-context';
import type { TestContext } from '../test-context';
import { readCsv } from './read-csv';

const contexts: TestContext<unknown>[] = [];
async function setup(params: unknown, files: Record<string, string>) {
  const t = await createTestContext(readCsv, { params, workspaceFiles: files });
  contexts.push(t);
  return t;
}
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((t) => t.cleanup()));
});

function outFile(result: Awaited<ReturnType<TestContext<unknown>['run']>>): string {
  const out = result.outputs.table;
  if (!out || !('file' in out)) throw new Error('no table output');
  return out.file;
}

describe('data.read_csv', () => {
  it('infers header, types and NA as missing on penguins', async () => {
    const t = await setup({ path: 'data/penguins.csv' }, { 'data/penguins.csv': fixturePath('penguins.csv') });
    const result = await t.run();
    const file = outFile(result);
    const { schema, stats } = await withDuck(async (conn) => ({
      schema: await tableSchema(conn, readTableExpr(file)),
      stats: await queryRows(conn, `SELECT count(*)::INT AS n, count(bill_length_mm)::INT AS bills FROM ${readTableExpr(file)}`),
    }));
    expect(schema.map((c) => c.name)).toEqual(['species', 'island', 'bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'sex', 'year']);
    expect(schema.find((c) => c.name === 'bill_length_mm')?.type).toBe('DOUBLE');
    expect(stats[0]).toEqual({ n: 344, bills: 342 });
    expect(result.metrics).toMatchObject({ rows: 344, columns: 8, skippedRows: 0 });
    expect(t.logs.join('\n')).toContain('344 rows and 8 columns');
  });

  it('detects a semicolon delimiter and honours header: false and an explicit schema', async () => {
    const t1 = await setup({ path: 'semicolon.csv' }, { 'semicolon.csv': fixturePath('semicolon.csv') });
    const f1 = outFile(await t1.run());
    const t2 = await setup({ path: 'noheader.csv', header: false }, { 'noheader.csv': fixturePath('noheader.csv') });
    const f2 = outFile(await t2.run());
    const t3 = await setup({ path: 'people.csv', schema: { age: 'VARCHAR' } }, { 'people.csv': fixturePath('people.csv') });
    const f3 = outFile(await t3.run());
    await withDuck(async (conn) => {
      expect(await queryRows(conn, `SELECT * FROM ${readTableExpr(f1)} ORDER BY city`)).toEqual([
        { city: 'Lima', temp: 21 },
        { city: 'Oslo', temp: 3.5 },
      ]);
      expect(await queryRows(conn, `SELECT count(*)::INT AS n FROM ${readTableExpr(f2)}`)).toEqual([{ n: 2 }]);
      const s3 = await tableSchema(conn, readTableExpr(f3));
      expect(s3.find((c) => c.name === 'age')?.type).toBe('VARCHAR');
      expect(s3.find((c) => c.name === 'joined')?.type).toBe('DATE');
    });
  });

  it('fails on ragged rows listing file:line', async () => {
    const t = await setup({ path: 'data/ragged.csv' }, { 'data/ragged.csv': fixturePath('ragged.csv') });
    const err = await t.run().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    const message = (err as UserError).message;
    expect(message).toContain('2 row(s)');
    expect(message).toMatch(/data\/ragged\.csv:4: .*Found: 2/);
    expect(message).toMatch(/data\/ragged\.csv:5: .*Found: 4/);
    expect((err as UserError).details).toMatchObject({ rejects: [{ line: 4 }, { line: 5 }] });
  });

  it('skips ragged rows with a warning naming the lines', async () => {
    const t = await setup({ path: 'data/ragged.csv', onError: 'skip' }, { 'data/ragged.csv': fixturePath('ragged.csv') });
    const result = await t.run();
    expect(result.warnings).toEqual(['data/ragged.csv: skipped 2 unreadable row(s) at line(s) 4, 5']);
    const rows = await withDuck((conn) => queryRows(conn, `SELECT a::INT AS a FROM ${readTableExpr(outFile(result))} ORDER BY a`));
    expect(rows).toEqual([{ a: 1 }, { a: 2 }, { a: 5 }]);
  });

  it('names a missing file and refuses paths outside the workspace', async () => {
    const t = await setup({ path: 'data/nope.csv' }, {});
    await expect(t.run()).rejects.toThrow(/file not found: data\/nope\.csv/);
    const t2 = await setup({ path: '../../etc/passwd' }, {});
    await expect(t2.run()).rejects.toThrow(/points outside the workspace/);
    const t3 = await setup({ path: '/etc/passwd' }, {});
    await expect(t3.run()).rejects.toBeInstanceOf(UserError);
  });

  it('names schema columns the file lacks and bad type names', async () => {
    const t = await setup({ path: 'people.csv', schema: { nope: 'INTEGER' } }, { 'people.csv': fixturePath('people.csv') });
    await expect(t.run()).rejects.toThrow(/schema: column\(s\) "nope" not in people\.csv; its columns are id, name, age, joined/);
    const t2 = await setup({ path: 'people.csv', schema: { age: 'INTEGR' } }, { 'people.csv': fixturePath('people.csv') });
    await expect(t2.run()).rejects.toThrow(/people\.csv: .*INTEGR/);
  });

  it('rejects a multi-character delimiter in params', () => {
    expect(readCsv.params.safeParse({ path: 'a.csv', delimiter: '||' }).success).toBe(false);
  });
});
