import { join } from 'node:path';
import { z } from 'zod';
import { UserError } from '../../../shared/errors';
import { defineComponent } from '../../engine/component';
import { readTableExpr, sqlIdent, sqlString, tableSchema, withDuck, writeParquet } from '../duck';

export const splitPorts = ['train', 'valid', 'test'] as const;
type SplitPort = (typeof splitPorts)[number];

const fractionsSchema = z
  .partialRecord(z.enum(splitPorts), z.number().min(0).max(1))
  .refine((f) => Object.keys(f).length > 0, { message: 'name at least one of train, valid, test' })
  .refine((f) => Math.abs(Object.values(f).reduce((a, b) => a + (b ?? 0), 0) - 1) <= 1e-9, {
    message: 'the fractions must sum to 1 (e.g. { train: 0.8, test: 0.2 })',
  })
  .default({ train: 0.8, test: 0.2 })
  .describe('Share of rows per output (train, valid, test); they must sum to 1. An output not named here is an empty table');

/**
 * The CASE expression assigning a row to a split from its 0-based rank `r` among `n` rows of its
 * group. Cumulative thresholds are rounded per group, so each split gets its share to within one
 * row per group, and the last named split takes the remainder.
 */
export function bucketExpr(fractions: Partial<Record<SplitPort, number>>, rank: string, count: string): string {
  const named = splitPorts.filter((p) => (fractions[p] ?? 0) > 0);
  if (named.length === 0) return sqlString('train');
  let cumulative = 0;
  const whens = named.slice(0, -1).map((port) => {
    cumulative += fractions[port] ?? 0;
    return `WHEN ${rank} < round(${count} * ${cumulative}) THEN ${sqlString(port)}`;
  });
  const last = named[named.length - 1] ?? 'train';
  return whens.length === 0 ? sqlString(last) : `CASE ${whens.join(' ')} ELSE ${sqlString(last)} END`;
}

export const split = defineComponent({
  id: 'data.split',
  version: 1,
  title: 'Split',
  category: 'data',
  description:
    'Splits a table into train/valid/test by seeded hashing: deterministic for the same input and seed, optionally stratified by a column.',
  inputs: { table: { type: 'table', description: 'Rows to split' } },
  outputs: {
    train: { type: 'table', description: 'Training rows' },
    valid: { type: 'table', description: 'Validation rows (empty unless named in fractions)' },
    test: { type: 'table', description: 'Test rows (empty unless named in fractions)' },
  },
  params: z.object({
    fractions: fractionsSchema,
    seed: z.number().int().default(42).describe('Seed of the shuffle; the same seed gives the same split'),
    stratify: z.string().optional().describe('Keep the class proportions of this column in every split'),
  }),
  async run(ctx) {
    const { fractions, seed, stratify } = ctx.params;
    const input = ctx.inputs.table;
    if (!input) throw new UserError('missing_input', 'input table: not connected; connect a table to split');
    return withDuck(async (conn) => {
      const source = readTableExpr(input.path);
      const columns = await tableSchema(conn, source);
      if (stratify !== undefined && !columns.some((c) => c.name === stratify)) {
        throw new UserError('unknown_column', `stratify: column "${stratify}" not found; the table has ${columns.map((c) => c.name).join(', ')}`);
      }
      const partition = stratify === undefined ? '' : `PARTITION BY ${sqlIdent(stratify)}`;
      const select = columns.map((c) => sqlIdent(c.name)).join(', ');
      // file_row_number is the row's position in the Parquet file: stable whatever the thread count,
      // unlike row_number() OVER () on a parallel scan. Hash ties fall back to it.
      await conn.run(`CREATE TEMP TABLE __assigned AS
        SELECT *, ${bucketExpr(fractions, '__rank', '__n')} AS __split FROM (
          SELECT ${select}, file_row_number AS __pos,
            row_number() OVER (${partition} ORDER BY hash(file_row_number, ${seed}), file_row_number) - 1 AS __rank,
            count(*) OVER (${partition}) AS __n
          FROM ${source})`);
      const outputs: Record<string, { file: string; meta: Record<string, unknown> }> = {};
      const metrics: Record<string, number> = {};
      for (const port of splitPorts) {
        const out = join(ctx.tmpDir, `${port}.parquet`);
        const where = (fractions[port] ?? 0) > 0 ? `__split = ${sqlString(port)}` : 'false';
        const { rows } = await writeParquet(conn, `SELECT ${select} FROM __assigned WHERE ${where} ORDER BY __pos`, out);
        outputs[port] = { file: out, meta: { rows } };
        metrics[`${port}_rows`] = rows;
      }
      ctx.log(`Split into ${splitPorts.map((p) => `${p} ${metrics[`${p}_rows`]}`).join(', ')} rows${stratify ? ` stratified by ${stratify}` : ''} (seed ${seed})`);
      return { outputs, metrics };
    }, { signal: ctx.signal });
  },
});
