import type { DuckDBConnection } from '../duck';
import { readTableExpr, sqlIdent, sqlString, tableSchema, writeParquet } from '../duck';
import { UserError } from '../../../shared/errors';

/**
 * Table exchange with the Python bridge when pyarrow is missing (Debian has none): CSV plus a
 * column schema, so dtypes survive the trip. The null marker must match NULL in
 * resources/python/nodebook_cell.py; it keeps NULL apart from the empty string.
 */
export const CSV_NULL = '\\N';

export interface ColumnSchema {
  readonly name: string;
  readonly type: string;
}

/** Writes a Parquet artifact as CSV for pandas; returns its DuckDB column types. */
export async function parquetToCsv(conn: DuckDBConnection, parquetPath: string, csvPath: string): Promise<ColumnSchema[]> {
  const source = readTableExpr(parquetPath);
  const schema = await tableSchema(conn, source);
  // Timestamps with a zone print in the session zone; UTC keeps them machine-independent.
  await conn.run(`SET TimeZone = 'UTC'`);
  await conn.run(
    `COPY (SELECT * FROM ${source}) TO ${sqlString(csvPath)} (FORMAT csv, HEADER true, NULLSTR ${sqlString(CSV_NULL)})`,
  );
  return schema;
}

// The bridge only emits these; anything else means the sidecar was tampered with or a bug.
const allowedTypes = new Set(['BOOLEAN', 'BIGINT', 'UBIGINT', 'DOUBLE', 'VARCHAR', 'DATE', 'TIMESTAMP', 'TIMESTAMPTZ']);

/** Turns a CSV written by the bridge into a zstd Parquet artifact with the declared types. */
export async function csvToTypedParquet(
  conn: DuckDBConnection,
  csvPath: string,
  schema: readonly ColumnSchema[],
  outPath: string,
  where: string,
): Promise<{ rows: number }> {
  for (const col of schema) {
    if (!allowedTypes.has(col.type)) throw new UserError('bad_column_type', `${where}: column '${col.name}' has the unsupported type ${col.type}`);
  }
  const columns = schema.map((c) => `${sqlString(c.name)}: ${sqlString(c.type)}`).join(', ');
  await conn.run(`SET TimeZone = 'UTC'`);
  const read =
    `read_csv(${sqlString(csvPath)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', ` +
    `nullstr = ${sqlString(CSV_NULL)}, columns = {${columns}})`;
  // Select by name so the Parquet column order is the DataFrame's, whatever read_csv does.
  const select = `SELECT ${schema.map((c) => sqlIdent(c.name)).join(', ')} FROM ${read}`;
  return writeParquet(conn, select, outPath);
}
