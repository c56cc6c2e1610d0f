import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { UserError } from '../../../shared/errors';
import { defineComponent } from '../../engine/component';
import { duckMessage, queryRows, sqlIdent, sqlString, tableSchema, withDuck, writeParquet } from '../duck';
import { resolveWorkspaceFile } from './workspace-file';

const SHOWN_REJECTS = 5;

const rejectRowSchema = z.object({
  line: z.coerce.number(),
  error_type: z.string().nullable(),
  column_name: z.string().nullable(),
  error_message: z.string().nullable(),
  csv_line: z.string().nullable(),
});

export interface CsvReject {
  readonly line: number;
  readonly reason: string;
  readonly text: string | null;
}

const params = z.object({
  path: z.string().min(1).describe('CSV file, relative to the workspace (e.g. data/penguins.csv)'),
  header: z
    .union([z.literal('auto'), z.boolean()])
    .default('auto')
    .describe('Whether the first row holds the column names; auto detects it'),
  delimiter: z
    .string()
    .refine((d) => d === 'auto' || d.length === 1, { message: 'use "auto" or a single character such as "," ";" or "\\t"' })
    .default('auto')
    .describe('Field separator: auto, or one character'),
  nullValues: z
    .array(z.string())
    .default(['', 'NA', 'N/A', 'NULL', 'null'])
    .describe('Cell texts read as missing values'),
  schema: z
    .record(z.string(), z.string())
    .optional()
    .describe('Explicit types for some or all columns, e.g. { age: INTEGER, joined: DATE }; the rest are inferred'),
  onError: z
    .enum(['fail', 'skip'])
    .default('fail')
    .describe('On ragged or unparsable rows: fail listing them, or skip them with a warning'),
});

function readCsvExpr(file: string, p: z.output<typeof params>): string {
  const opts = ['store_rejects = true', `nullstr = [${p.nullValues.map(sqlString).join(', ')}]`];
  if (p.header !== 'auto') opts.push(`header = ${p.header}`);
  if (p.delimiter !== 'auto') opts.push(`delim = ${sqlString(p.delimiter)}`);
  if (p.schema && Object.keys(p.schema).length > 0) {
    const entries = Object.entries(p.schema).map(([col, type]) => `${sqlString(col)}: ${sqlString(type)}`);
    opts.push(`types = {${entries.join(', ')}}`);
  }
  return `read_csv(${sqlString(file)}, ${opts.join(', ')})`;
}

/** One entry per bad line (a line may fail on several columns), ordered by line. */
function groupRejects(rows: readonly Record<string, unknown>[]): CsvReject[] {
  const byLine = new Map<number, CsvReject>();
  for (const raw of rows) {
    const row = rejectRowSchema.parse(raw);
    if (byLine.has(row.line)) continue;
    const reason = [row.error_message ?? row.error_type ?? 'unparsable row', row.column_name ? `(column ${row.column_name})` : '']
      .filter((s) => s !== '')
      .join(' ');
    byLine.set(row.line, { line: row.line, reason, text: row.csv_line });
  }
  return [...byLine.values()].sort((a, b) => a.line - b.line);
}

export const readCsv = defineComponent({
  id: 'data.read_csv',
  version: 1,
  title: 'Read CSV',
  category: 'data',
  description: 'Reads a CSV file from the workspace into a table, inferring the header, delimiter and column types.',
  inputs: {},
  outputs: { table: { type: 'table', description: 'The rows of the file' } },
  params,
  async run(ctx) {
    const p = ctx.params;
    const file = resolveWorkspaceFile(ctx.workspaceDir, p.path);
    if (!existsSync(file) || !statSync(file).isFile()) {
      throw new UserError('file_not_found', `path: file not found: ${p.path} (looked in ${ctx.workspaceDir}); check the name or put the file there`, { path: p.path });
    }
    const out = join(ctx.tmpDir, 'table.parquet');
    return withDuck(async (conn) => {
      const source = readCsvExpr(file, p);
      let rows: number;
      try {
        ({ rows } = await writeParquet(conn, `SELECT * FROM ${source}`, out));
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        throw new UserError('csv_read_failed', `${p.path}: ${duckMessage(err)}`, { path: p.path });
      }
      const rejects = groupRejects(await queryRows(conn, 'SELECT line, error_type, column_name, error_message, csv_line FROM reject_errors ORDER BY line'));
      const listed = rejects.slice(0, SHOWN_REJECTS).map((r) => `${p.path}:${r.line}: ${r.reason}`);
      const more = rejects.length > SHOWN_REJECTS ? [`… and ${rejects.length - SHOWN_REJECTS} more`] : [];
      if (rejects.length > 0 && p.onError === 'fail') {
        throw new UserError(
          'csv_bad_rows',
          [`${p.path}: ${rejects.length} row(s) could not be read:`, ...listed, ...more, 'Fix these rows, set an explicit schema, or set onError: skip.'].join('\n'),
          { path: p.path, rejects: rejects.slice(0, 100) },
        );
      }
      const columns = await tableSchema(conn, `read_parquet(${sqlString(out)})`);
      const unknown = Object.keys(p.schema ?? {}).filter((name) => !columns.some((c) => c.name === name));
      if (unknown.length > 0) {
        throw new UserError('unknown_column', `schema: column(s) ${unknown.map((n) => `"${n}"`).join(', ')} not in ${p.path}; its columns are ${columns.map((c) => c.name).join(', ')}`, { path: p.path });
      }
      ctx.log(`Read ${rows} rows and ${columns.length} columns from ${p.path}: ${columns.map((c) => `${sqlIdent(c.name)} ${c.type}`).join(', ')}`);
      const warnings: string[] = [];
      if (rejects.length > 0) {
        const lines = rejects.slice(0, 20).map((r) => r.line);
        warnings.push(`${p.path}: skipped ${rejects.length} unreadable row(s) at line(s) ${lines.join(', ')}${rejects.length > 20 ? ', …' : ''}`);
        for (const line of listed) ctx.log(`skipped ${line}`);
      }
      return {
        outputs: { table: { file: out, meta: { rows, columns: columns.length, source: p.path } } },
        metrics: { rows, columns: columns.length, skippedRows: rejects.length },
        warnings,
      };
    }, { signal: ctx.signal });
  },
});
