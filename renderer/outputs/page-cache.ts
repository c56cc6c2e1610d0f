/**
 * Paging arithmetic for the table grid: which pages of rows a scroll position needs, and which
 * cached pages to drop so scrolling a million-row table keeps a bounded number of rows in memory.
 */

export const PAGE_SIZE = 200;
/** Pages kept per table; 30 × 200 rows is plenty of scroll-back without unbounded growth. */
export const MAX_CACHED_PAGES = 30;

export const pageOf = (row: number, pageSize = PAGE_SIZE): number => Math.floor(row / pageSize);

export function pageCount(rowCount: number, pageSize = PAGE_SIZE): number {
  return Math.max(0, Math.ceil(rowCount / pageSize));
}

/** Pages covering rows [first, last] (inclusive), clamped to the table. */
export function pagesForRange(first: number, last: number, rowCount: number, pageSize = PAGE_SIZE): number[] {
  if (rowCount <= 0 || last < first) return [];
  const lo = pageOf(Math.max(0, first), pageSize);
  const hi = pageOf(Math.min(rowCount - 1, last), pageSize);
  const pages: number[] = [];
  for (let p = lo; p <= hi; p++) pages.push(p);
  return pages;
}

/** Cached pages to evict, farthest from the page in view first, so at most `keep` remain. */
export function pagesToEvict(cached: readonly number[], around: number, keep = MAX_CACHED_PAGES): number[] {
  if (cached.length <= keep) return [];
  return [...cached].sort((a, b) => Math.abs(b - around) - Math.abs(a - around) || b - a).slice(0, cached.length - keep);
}

export type SortDir = 'asc' | 'desc';

function compareValues(a: unknown, b: unknown): number {
  const aNull = a === null || a === undefined;
  const bNull = b === null || b === undefined;
  if (aNull || bNull) return aNull === bNull ? 0 : aNull ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const an = typeof a === 'string' ? Number(a) : NaN;
  const bn = typeof b === 'string' ? Number(b) : NaN;
  // DuckDB sends big integers and decimals as strings; compare them as numbers when both are.
  if (typeof a === 'string' && typeof b === 'string' && a.trim() !== '' && b.trim() !== '' && Number.isFinite(an) && Number.isFinite(bn)) return an - bn;
  return String(a).localeCompare(String(b));
}

/**
 * One page sorted by a column. Missing values go last in both directions (like SQL's NULLS LAST
 * default for ASC, and what people expect when looking for values). Stable for equal keys.
 */
export function sortRows<T extends Record<string, unknown>>(rows: readonly T[], column: string, dir: SortDir): T[] {
  const sign = dir === 'asc' ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i }))
    .sort((x, y) => {
      const a = x.row[column];
      const b = y.row[column];
      const aNull = a === null || a === undefined;
      const bNull = b === null || b === undefined;
      if (aNull || bNull) return aNull === bNull ? x.i - y.i : aNull ? 1 : -1;
      return sign * compareValues(a, b) || x.i - y.i;
    })
    .map(({ row }) => row);
}

/** A cell as text: JSON for nested values, an empty marker for missing ones. */
export function formatCell(v: unknown): string {
  if (v === null || v === undefined) return '∅';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

/** Column width in px from its name, type and a few sample values, within sane bounds. */
export function columnWidth(name: string, type: string, samples: readonly unknown[]): number {
  const longest = Math.max(name.length + 2, type.length, ...samples.map((s) => formatCell(s).length));
  return Math.min(320, Math.max(72, longest * 7.5 + 20));
}

const NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL|NUMERIC)\b/i;

/** Numbers align right; DuckDB sends BIGINT and DECIMAL as text, so the column type decides, not the value. */
export const isNumericType = (type: string): boolean => NUMERIC_TYPE.test(type.trim());
