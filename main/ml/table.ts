import { UserError } from '../../shared/errors';
import { columnKind } from '../components/data/column-kind';
import type { DuckDBConnection } from '../components/duck';
import { readTableExpr, sqlIdent, tableSchema, withDuck } from '../components/duck';

/** How a model treats a column: numbers become floats, everything else a string category. */
export type FeatureType = 'numeric' | 'categorical';

export type TableColumn =
  | { readonly name: string; readonly type: 'numeric'; readonly sqlType: string; readonly values: Float64Array }
  | { readonly name: string; readonly type: 'categorical'; readonly sqlType: string; readonly values: (string | null)[] };

/** A table held in memory column by column. Numeric missing values are NaN; categorical ones null. */
export interface Table {
  readonly rows: number;
  readonly columns: readonly TableColumn[];
}

export interface ColumnInfo {
  readonly name: string;
  readonly sqlType: string;
  /** null for columns a model cannot use as a feature (dates, lists, blobs). */
  readonly featureType: FeatureType | null;
}

export function featureTypeOf(sqlType: string): FeatureType | null {
  const kind = columnKind(sqlType);
  return kind === 'numeric' ? 'numeric' : kind === 'categorical' ? 'categorical' : null;
}

async function schemaOf(conn: DuckDBConnection, path: string): Promise<ColumnInfo[]> {
  const cols = await tableSchema(conn, readTableExpr(path));
  return cols.map((c) => ({ name: c.name, sqlType: c.type, featureType: featureTypeOf(c.type) }));
}

/** The columns of a Parquet table with how a model would use each. */
export async function tableColumns(path: string): Promise<ColumnInfo[]> {
  return withDuck((conn) => schemaOf(conn, path));
}

export function findColumn(table: Table, name: string): TableColumn | undefined {
  return table.columns.find((c) => c.name === name);
}

/** A column that must exist; the error names the field that asked for it and lists the others. */
export function requireColumn(table: Table, name: string, field: string): TableColumn {
  const col = findColumn(table, name);
  if (!col) {
    throw new UserError('unknown_column', `${field}: column '${name}' is not in the table; columns are: ${table.columns.map((c) => c.name).join(', ')}`);
  }
  return col;
}

export interface LoadOptions {
  /** Columns to load (default all). A name not in the table is a UserError naming `field`. */
  readonly columns?: readonly string[];
  readonly field?: string;
  /** Force a column's type, e.g. a numeric class label read as a category. */
  readonly types?: Readonly<Record<string, FeatureType>>;
  readonly signal?: AbortSignal;
}

/**
 * Loads a Parquet table into typed columns with DuckDB. Numbers are cast to DOUBLE and
 * everything else to VARCHAR (booleans become 'true'/'false'), which is also how the ONNX
 * models receive them: float and string tensors.
 */
export async function loadTable(path: string, options: LoadOptions = {}): Promise<Table> {
  return withDuck(
    async (conn) => {
      const schema = await schemaOf(conn, path);
      const wanted = options.columns ?? schema.map((c) => c.name);
      const infos = wanted.map((name) => {
        const info = schema.find((c) => c.name === name);
        if (!info) {
          throw new UserError('unknown_column', `${options.field ?? 'columns'}: column '${name}' is not in the table; columns are: ${schema.map((c) => c.name).join(', ')}`);
        }
        return info;
      });
      const types = infos.map((c) => options.types?.[c.name] ?? c.featureType ?? 'categorical');
      if (infos.length === 0) {
        const reader = await conn.runAndReadAll(`SELECT count(*)::DOUBLE AS n FROM ${readTableExpr(path)}`);
        return { rows: Number(reader.getRowObjectsJS()[0]?.n ?? 0), columns: [] };
      }
      const select = infos
        .map((c, i) => `CAST(${sqlIdent(c.name)} AS ${types[i] === 'numeric' ? 'DOUBLE' : 'VARCHAR'}) AS c${i}`)
        .join(', ');
      const reader = await conn.runAndReadAll(`SELECT ${select} FROM ${readTableExpr(path)}`);
      const data = reader.getColumnsJS();
      const rows = reader.currentRowCount;
      const columns = infos.map((info, i): TableColumn => {
        const raw = data[i] ?? [];
        if (types[i] === 'numeric') {
          return { name: info.name, type: 'numeric', sqlType: info.sqlType, values: Float64Array.from(raw, (v) => (typeof v === 'number' ? v : Number.NaN)) };
        }
        return { name: info.name, type: 'categorical', sqlType: info.sqlType, values: raw.map((v) => (typeof v === 'string' ? v : null)) };
      });
      return { rows, columns };
    },
    options.signal ? { signal: options.signal } : {},
  );
}
