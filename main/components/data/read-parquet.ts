import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { UserError } from '../../../shared/errors';
import { defineComponent } from '../../engine/component';
import { duckMessage, readTableExpr, tableSchema, withDuck, writeParquet } from '../duck';
import { resolveWorkspaceFile } from './workspace-file';

export const readParquet = defineComponent({
  id: 'data.read_parquet',
  version: 1,
  title: 'Read Parquet',
  category: 'data',
  description: 'Reads a Parquet file from the workspace into a table.',
  inputs: {},
  outputs: { table: { type: 'table', description: 'The rows of the file' } },
  params: z.object({
    path: z.string().min(1).describe('Parquet file, relative to the workspace (e.g. data/events.parquet)'),
  }),
  async run(ctx) {
    const { path } = ctx.params;
    const file = resolveWorkspaceFile(ctx.workspaceDir, path);
    if (!existsSync(file) || !statSync(file).isFile()) {
      throw new UserError('file_not_found', `path: file not found: ${path} (looked in ${ctx.workspaceDir}); check the name or put the file there`, { path });
    }
    const out = join(ctx.tmpDir, 'table.parquet');
    return withDuck(async (conn) => {
      let rows: number;
      // Rewritten rather than copied so every table artifact is zstd Parquet, whatever the source used.
      try {
        ({ rows } = await writeParquet(conn, `SELECT * FROM ${readTableExpr(file)}`, out));
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        throw new UserError('parquet_read_failed', `${path}: ${duckMessage(err)}`, { path });
      }
      const columns = await tableSchema(conn, readTableExpr(out));
      ctx.log(`Read ${rows} rows and ${columns.length} columns from ${path}`);
      return { outputs: { table: { file: out, meta: { rows, columns: columns.length, source: path } } }, metrics: { rows, columns: columns.length } };
    }, { signal: ctx.signal });
  },
});
