import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { z } from 'zod';
import { OperationalError, UserError } from '../../../shared/errors';
import { defineComponent } from '../../engine/component';
import { readTableExpr, sqlString, withDuck, writeParquet } from '../duck';
import { resolveWorkspaceFile } from './workspace-file';

function pickFormat(path: string, format: 'auto' | 'csv' | 'parquet'): 'csv' | 'parquet' {
  if (format !== 'auto') return format;
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.parquet') return 'parquet';
  throw new UserError('unknown_format', `format: cannot tell the format of "${path}" from its extension; name it .csv or .parquet, or set format`);
}

export const write = defineComponent({
  id: 'data.write',
  version: 1,
  title: 'Write file',
  category: 'data',
  description: 'Writes a table into the workspace as CSV or Parquet (atomically: a reader never sees half a file).',
  inputs: { table: { type: 'table', description: 'Rows to write' } },
  outputs: { file: { type: 'file', description: 'A copy of the written file' } },
  params: z.object({
    path: z.string().min(1).describe('Target file, relative to the workspace (e.g. data/clean.parquet); replaced if it exists'),
    format: z.enum(['auto', 'csv', 'parquet']).default('auto').describe('File format; auto picks it from the extension'),
  }),
  async run(ctx) {
    const { path } = ctx.params;
    const input = ctx.inputs.table;
    if (!input) throw new UserError('missing_input', 'input table: not connected; connect the table to write');
    const target = resolveWorkspaceFile(ctx.workspaceDir, path);
    const format = pickFormat(path, ctx.params.format);
    const out = join(ctx.tmpDir, `output.${format}`);
    const { rows } = await withDuck(async (conn) => {
      const select = `SELECT * FROM ${readTableExpr(input.path)}`;
      if (format === 'parquet') return writeParquet(conn, select, out);
      const result = await conn.run(`COPY (${select}) TO ${sqlString(out)} (FORMAT csv, HEADER true)`);
      return { rows: result.rowsChanged };
    }, { signal: ctx.signal });
    // Copy next to the target, then rename: rename is atomic within one directory.
    const staging = join(dirname(target), `.${basename(target)}.${randomUUID()}.tmp`);
    try {
      await mkdir(dirname(target), { recursive: true });
      await copyFile(out, staging);
      await rename(staging, target);
    } catch (err) {
      await rm(staging, { force: true });
      throw new OperationalError('write_failed', `could not write ${path}: ${err instanceof Error ? err.message : String(err)}`, { path });
    }
    ctx.log(`Wrote ${rows} rows to ${path} (${format})`);
    return { outputs: { file: { file: out, meta: { path, format, rows } } }, metrics: { rows } };
  },
});
