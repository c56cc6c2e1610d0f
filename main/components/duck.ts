import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';

export type { DuckDBConnection };

export interface DuckOptions {
  /** DuckDB worker threads. Kept modest: several nodes may run in parallel workers. */
  readonly threads?: number;
  /** Interrupts the running query when aborted (cancellation kills long scans promptly). */
  readonly signal?: AbortSignal;
}

/**
 * Runs `fn` against a fresh in-memory DuckDB and closes it afterwards. A fresh instance per
 * call keeps components isolated: no views or settings leak between nodes.
 */
export async function withDuck<T>(fn: (conn: DuckDBConnection) => Promise<T>, options: DuckOptions = {}): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:', { threads: String(options.threads ?? 2) });
  try {
    const conn = await instance.connect();
    const onAbort = () => conn.interrupt();
    options.signal?.addEventListener('abort', onAbort);
    try {
      options.signal?.throwIfAborted();
      return await fn(conn);
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      conn.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

/** A single-quoted SQL string literal. */
export function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** A double-quoted SQL identifier. */
export function sqlIdent(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

/** A FROM-able expression reading one Parquet file. */
export function readTableExpr(path: string): string {
  return `read_parquet(${sqlString(path)})`;
}

/** Writes the result of `selectSql` as a zstd Parquet file. */
export async function writeParquet(conn: DuckDBConnection, selectSql: string, outPath: string): Promise<{ rows: number }> {
  const result = await conn.run(`COPY (${selectSql}) TO ${sqlString(outPath)} (FORMAT parquet, COMPRESSION zstd)`);
  return { rows: result.rowsChanged };
}

const describeRowSchema = z.object({ column_name: z.string(), column_type: z.string() });

/**
 * Column names and DuckDB types of a relation. `relationSql` is anything that may follow FROM:
 * a table or view name, a table function such as `read_parquet('…')`, or `(SELECT …)`.
 */
export async function tableSchema(conn: DuckDBConnection, relationSql: string): Promise<{ name: string; type: string }[]> {
  const reader = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${relationSql}`);
  return reader.getRowObjectsJson().map((row) => {
    const parsed = describeRowSchema.parse(row);
    return { name: parsed.column_name, type: parsed.column_type };
  });
}

/**
 * Converts a CSV with a header row (e.g. written by pandas) into zstd Parquet. Empty cells are
 * missing values; `nullValues` replaces that list (e.g. ['', 'NA']).
 */
export async function csvToParquet(
  conn: DuckDBConnection,
  csvPath: string,
  outPath: string,
  options: { nullValues?: readonly string[] } = {},
): Promise<{ rows: number }> {
  const nulls = (options.nullValues ?? ['']).map(sqlString).join(', ');
  return writeParquet(conn, `SELECT * FROM read_csv(${sqlString(csvPath)}, header = true, nullstr = [${nulls}])`, outPath);
}

/** The number of rows of a relation (see `tableSchema` for what `relationSql` may be). */
export async function countRows(conn: DuckDBConnection, relationSql: string): Promise<number> {
  const reader = await conn.runAndReadAll(`SELECT count(*)::DOUBLE AS n FROM ${relationSql}`);
  return z.object({ n: z.number() }).parse(reader.getRowObjectsJS()[0]).n;
}

/** Runs a query and returns its rows as plain JS objects (BIGINT as bigint, dates as Date). */
export async function queryRows(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  const reader = await conn.runAndReadAll(sql);
  return reader.getRowObjectsJS();
}

/** The message of a DuckDB error, without its noisy stack. */
export function duckMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
