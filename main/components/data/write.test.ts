import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../shared/errors';
import { queryRows, readTableExpr, withDuck } from '../duck';
import { createTestContext, fixturePath } from '../test-context';
import type { TestContext } from '../test-context';
import { write } from './write';

const contexts: TestContext<unknown>[] = [];
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((t) => t.cleanup()));
});

async function setup(params: unknown) {
  const t = await createTestContext(write, { params, inputs: { table: fixturePath('people.csv') } });
  contexts.push(t);
  return t;
}

describe('data.write', () => {
  it('writes CSV into a new workspace folder and outputs the file', async () => {
    const t = await setup({ path: 'out/people.csv' });
    const result = await t.run();
    const text = await readFile(join(t.ctx.workspaceDir, 'out', 'people.csv'), 'utf8');
    expect(text.split('\n')[0]).toBe('id,name,age,joined');
    expect(text).toContain('4,Barbara,52,2018-11-11');
    const out = result.outputs.file;
    if (!out || !('file' in out)) throw new Error('no file output');
    expect(await readFile(out.file, 'utf8')).toBe(text);
    expect(out.meta).toEqual({ path: 'out/people.csv', format: 'csv', rows: 4 });
    // No staging file left behind.
    expect(await readdir(join(t.ctx.workspaceDir, 'out'))).toEqual(['people.csv']);
  });

  it('writes Parquet, picked from the extension or forced by format', async () => {
    const t = await setup({ path: 'people.parquet' });
    await t.run();
    const t2 = await setup({ path: 'people.bin', format: 'parquet' });
    await t2.run();
    for (const file of [join(t.ctx.workspaceDir, 'people.parquet'), join(t2.ctx.workspaceDir, 'people.bin')]) {
      const rows = await withDuck((conn) => queryRows(conn, `SELECT count(*)::INT AS n, max(age)::INT AS oldest FROM ${readTableExpr(file)}`));
      expect(rows).toEqual([{ n: 4, oldest: 52 }]);
    }
  });

  it('refuses paths outside the workspace, in .nodebook, or with an unknown extension', async () => {
    await expect((await setup({ path: '../escape.csv' })).run()).rejects.toThrow(/points outside the workspace/);
    await expect((await setup({ path: 'data/../../escape.csv' })).run()).rejects.toBeInstanceOf(UserError);
    await expect((await setup({ path: '.nodebook/x.csv' })).run()).rejects.toThrow(/inside \.nodebook/);
    await expect((await setup({ path: 'out.txt' })).run()).rejects.toThrow(/name it \.csv or \.parquet/);
  });
});
