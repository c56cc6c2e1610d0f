import { afterEach, describe, expect, it } from 'vitest';
import type { RunResult } from '../../engine/component';
import { queryRows, readTableExpr, withDuck } from '../duck';
import { createTestContext, fixturePath } from '../test-context';
import type { TestContext } from '../test-context';
import { sample } from './sample';

const contexts: TestContext<unknown>[] = [];
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((t) => t.cleanup()));
});

async function runSample(params: unknown): Promise<RunResult> {
  const t = await createTestContext(sample, { params, inputs: { table: fixturePath('penguins.csv') } });
  contexts.push(t);
  return t.run();
}

async function masses(result: RunResult): Promise<unknown[]> {
  const out = result.outputs.table;
  if (!out || !('file' in out)) throw new Error('no table output');
  const rows = await withDuck((conn) => queryRows(conn, `SELECT body_mass_g, bill_length_mm, sex FROM ${readTableExpr(out.file)}`));
  return rows.map((r) => [r.body_mass_g, r.bill_length_mm, r.sex].join('|'));
}

describe('data.sample', () => {
  it('takes n rows deterministically for a seed', async () => {
    const a = await runSample({ n: 50 });
    const b = await runSample({ n: 50 });
    const c = await runSample({ n: 50, seed: 1 });
    expect(a.metrics).toEqual({ rows: 50 });
    expect(await masses(a)).toEqual(await masses(b));
    expect(await masses(a)).not.toEqual(await masses(c));
  });

  it('takes a fraction, and caps n at the table size with a warning', async () => {
    expect((await runSample({ fraction: 0.25 })).metrics).toEqual({ rows: 86 });
    const all = await runSample({ n: 1000 });
    expect(all.metrics).toEqual({ rows: 344 });
    expect(all.warnings?.[0]).toMatch(/asked for 1000 rows but the table has 344/);
  });

  it('requires exactly one of n and fraction', () => {
    expect(sample.params.safeParse({}).success).toBe(false);
    expect(sample.params.safeParse({ n: 3, fraction: 0.5 }).success).toBe(false);
  });
});
