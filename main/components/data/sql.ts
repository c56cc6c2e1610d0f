import { join } from 'node:path';
import { z } from 'zod';
import { UserError } from '../../../shared/errors';
import type { RunContext, RunResult } from '../../engine/component';
import { defineComponent } from '../../engine/component';
import { duckMessage, readTableExpr, sqlIdent, tableSchema, withDuck, writeParquet } from '../duck';

/** Whether `--` at `index` of `line` starts a comment, i.e. is outside a quoted string. */
function isCommentStart(line: string, index: number): boolean {
  const before = line.slice(0, index);
  return (before.split("'").length - 1) % 2 === 0 && (before.split('"').length - 1) % 2 === 0;
}

/**
 * Drops trailing semicolons and comments, which would break the `COPY (…)` wrapper; a query
 * typed in an editor often ends with them.
 */
export function cleanQuery(query: string): string {
  let sql = query.trim();
  for (;;) {
    const before = sql;
    sql = sql.replace(/;\s*$/, '').replace(/\/\*(?:(?!\*\/)[^])*\*\/\s*$/, '').trimEnd();
    const lastLine = sql.slice(sql.lastIndexOf('\n') + 1);
    const dash = lastLine.indexOf('--');
    if (dash >= 0 && isCommentStart(lastLine, dash)) sql = sql.slice(0, sql.length - lastLine.length + dash).trimEnd();
    if (sql === before) return sql;
  }
}

/**
 * Runs one SQL query over the node's table inputs, each a view named after its port, and writes
 * the result as the `table` output. Shared by `data.sql@1` and the `code.sql@1` cell.
 */
export async function runSqlQuery(ctx: RunContext<unknown>, query: string, field: string): Promise<RunResult> {
  const sql = cleanQuery(query);
  if (sql === '') throw new UserError('sql_empty', `${field}: the query is empty; write a SELECT over the inputs (${Object.keys(ctx.inputs).join(', ') || 'none bound'})`);
  const out = join(ctx.tmpDir, 'table.parquet');
  return withDuck(async (conn) => {
    for (const [port, input] of Object.entries(ctx.inputs)) {
      if (input.type !== 'table') continue;
      await conn.run(`CREATE VIEW ${sqlIdent(port)} AS SELECT * FROM ${readTableExpr(input.path)}`);
    }
    const statements = await conn.extractStatements(sql).then((s) => s.count, () => 1);
    if (statements > 1) {
      throw new UserError('sql_multiple_statements', `${field}: found ${statements} statements; write a single query (use WITH … AS for intermediate steps)`);
    }
    let rows: number;
    try {
      // The newline keeps a trailing `-- comment` from swallowing the closing parenthesis.
      ({ rows } = await writeParquet(conn, `${sql}\n`, out));
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      throw new UserError('sql_error', `${field}: ${duckMessage(err)}`, { query: sql, inputs: Object.keys(ctx.inputs) });
    }
    const columns = await tableSchema(conn, readTableExpr(out));
    ctx.log(`Query returned ${rows} rows and ${columns.length} columns`);
    return { outputs: { table: { file: out, meta: { rows, columns: columns.length } } }, metrics: { rows } };
  }, { signal: ctx.signal });
}

export const sqlTransform = defineComponent({
  id: 'data.sql',
  version: 1,
  title: 'SQL',
  category: 'data',
  description: 'Transforms tables with one DuckDB SQL query; each input is a view named after its port.',
  inputs: {},
  outputs: { table: { type: 'table', description: 'The query result' } },
  dynamicInputs: 'table',
  params: z.object({
    query: z.string().min(1).describe('A DuckDB SELECT; refer to each input by its port name, e.g. SELECT * FROM orders JOIN people USING (id)'),
  }),
  run: (ctx) => runSqlQuery(ctx, ctx.params.query, 'query'),
});
