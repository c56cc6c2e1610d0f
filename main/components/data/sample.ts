import { join } from 'node:path';
import { z } from 'zod';
import { UserError } from '../../../shared/errors';
import { defineComponent } from '../../engine/component';
import { countRows, readTableExpr, sqlIdent, tableSchema, withDuck, writeParquet } from '../duck';

export const sample = defineComponent({
  id: 'data.sample',
  version: 1,
  title: 'Sample',
  category: 'data',
  description: 'Takes a seeded random sample of rows (a count or a fraction), deterministic for the same input and seed.',
  inputs: { table: { type: 'table', description: 'Rows to sample from' } },
  outputs: { table: { type: 'table', description: 'The sampled rows, in their original order' } },
  params: z
    .object({
      n: z.number().int().min(0).optional().describe('Number of rows to keep'),
      fraction: z.number().min(0).max(1).optional().describe('Share of rows to keep, from 0 to 1 (instead of n)'),
      seed: z.number().int().default(42).describe('Seed; the same seed gives the same sample'),
    })
    .refine((p) => (p.n === undefined) !== (p.fraction === undefined), {
      message: 'give exactly one of n (a row count) or fraction (0 to 1)',
      path: ['n'],
    }),
  async run(ctx) {
    const { n, fraction, seed } = ctx.params;
    const input = ctx.inputs.table;
    if (!input) throw new UserError('missing_input', 'input table: not connected; connect a table to sample');
    const out = join(ctx.tmpDir, 'table.parquet');
    return withDuck(async (conn) => {
      const source = readTableExpr(input.path);
      const total = await countRows(conn, source);
      const wanted = n ?? Math.round((fraction ?? 0) * total);
      const warnings: string[] = [];
      if (wanted > total) warnings.push(`n: asked for ${wanted} rows but the table has ${total}; kept them all`);
      const select = (await tableSchema(conn, source)).map((c) => sqlIdent(c.name)).join(', ');
      // Seeded hash of the file position, then back to file order: same input + seed → same rows.
      const { rows } = await writeParquet(
        conn,
        `SELECT ${select} FROM (
           SELECT *, file_row_number AS __pos FROM ${source}
           ORDER BY hash(file_row_number, ${seed}), file_row_number LIMIT ${Math.min(wanted, total)}
         ) ORDER BY __pos`,
        out,
      );
      ctx.log(`Sampled ${rows} of ${total} rows (seed ${seed})`);
      return { outputs: { table: { file: out, meta: { rows } } }, metrics: { rows }, warnings };
    }, { signal: ctx.signal });
  },
});
