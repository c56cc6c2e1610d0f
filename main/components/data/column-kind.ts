/** How the data components treat a column, from its DuckDB type. */
export type ColumnKind = 'numeric' | 'categorical' | 'temporal' | 'other';

const INTEGER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;
const NUMERIC = /^(FLOAT|DOUBLE|DECIMAL(\(.*\))?)$/;
const CATEGORICAL = /^(VARCHAR|BOOLEAN|UUID|ENUM\(.*\))$/;
const TEMPORAL = /^(DATE|TIME|TIMESTAMP.*|TIME WITH TIME ZONE)$/;

export function columnKind(type: string): ColumnKind {
  const t = type.toUpperCase();
  if (INTEGER.test(t) || NUMERIC.test(t)) return 'numeric';
  if (CATEGORICAL.test(t)) return 'categorical';
  if (TEMPORAL.test(t)) return 'temporal';
  return 'other';
}

export function isIntegerType(type: string): boolean {
  return INTEGER.test(type.toUpperCase());
}

/** A JSON-safe number: DuckDB's BIGINTs arrive as bigint, NaN and ±Infinity have no JSON form. */
export function toNumber(value: unknown): number | null {
  const n = typeof value === 'bigint' ? Number(value) : typeof value === 'number' ? value : Number.NaN;
  return Number.isFinite(n) ? n : null;
}

/** A JSON-safe scalar for min/max/top values of any column type. */
export function toJsonScalar(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'bigint') return toNumber(value);
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}
