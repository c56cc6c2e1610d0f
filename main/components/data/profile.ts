import { z } from 'zod';
import { UserError } from '../../../shared/errors';
import { defineComponent } from '../../engine/component';
import type { DuckDBConnection } from '../duck';
import { countRows, queryRows, readTableExpr, sqlIdent, sqlString, tableSchema, withDuck } from '../duck';
import type { ColumnKind } from './column-kind';
import { columnKind, isIntegerType, toJsonScalar, toNumber } from './column-kind';
import { profileFigures } from './profile-figures';

/** Below this many rows quantiles and distinct counts are exact; above, approximate like SUMMARIZE. */
const EXACT_LIMIT = 1_000_000;
/** Categorical columns with at most this many distinct values get exact top counts in one pass. */
const SMALL_CARDINALITY = 1000;

export interface TopValue {
  readonly value: string | number | boolean | null;
  readonly count: number;
}

export interface ColumnProfile {
  name: string;
  type: string;
  kind: ColumnKind;
  count: number;
  missing: number;
  missingFraction: number;
  distinct: number | null;
  min: string | number | boolean | null;
  max: string | number | boolean | null;
  mean?: number | null;
  std?: number | null;
  q25?: number | null;
  q50?: number | null;
  q75?: number | null;
  top?: TopValue[];
  /** Numeric only: bin edges (bins + 1 of them) and counts; bins are closed on the right. */
  histogram?: { edges: number[]; counts: number[] };
}

export interface TableProfile {
  rows: number;
  exact: boolean;
  columns: ColumnProfile[];
}

const mapEntries = z.array(z.object({ key: z.unknown(), value: z.unknown() }));

/** Histogram edges from min/max: unit bins for small integer ranges, else equal-width bins. */
export function histogramEdges(min: number, max: number, integer: boolean, bins: number): number[] {
  if (min === max) return [min - 0.5, max + 0.5];
  if (integer && max - min + 1 <= 30) return Array.from({ length: max - min + 2 }, (_, i) => min - 0.5 + i);
  const width = (max - min) / bins;
  return Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * width));
}

const col = (i: number, stat: string) => `c${i}_${stat}`;

/** Pass 1: one aggregate query over every column (like SUMMARIZE). */
function statsQuery(source: string, columns: readonly { name: string; type: string }[], exact: boolean): string {
  const parts = ['count(*) AS __rows'];
  columns.forEach((c, i) => {
    const x = sqlIdent(c.name);
    const kind = columnKind(c.type);
    parts.push(`count(${x}) AS ${col(i, 'count')}`);
    if (kind === 'other') return;
    parts.push(exact ? `count(DISTINCT ${x}) AS ${col(i, 'distinct')}` : `approx_count_distinct(${x}) AS ${col(i, 'distinct')}`);
    if (kind === 'numeric') {
      const d = `${x}::DOUBLE`;
      parts.push(`min(${d}) AS ${col(i, 'min')}`, `max(${d}) AS ${col(i, 'max')}`, `avg(${d}) AS ${col(i, 'mean')}`, `stddev_samp(${d}) AS ${col(i, 'std')}`);
      const q = exact ? 'quantile_cont' : 'approx_quantile';
      parts.push(`${q}(${d}, [0.25, 0.5, 0.75]) AS ${col(i, 'q')}`);
    } else {
      parts.push(`min(${x})::VARCHAR AS ${col(i, 'min')}`, `max(${x})::VARCHAR AS ${col(i, 'max')}`);
    }
  });
  return `SELECT ${parts.join(', ')} FROM ${source}`;
}

function buildColumn(c: { name: string; type: string }, i: number, row: Record<string, unknown>, rows: number): ColumnProfile {
  const kind = columnKind(c.type);
  const count = toNumber(row[col(i, 'count')]) ?? 0;
  const base: ColumnProfile = {
    name: c.name,
    type: c.type,
    kind,
    count: rows,
    missing: rows - count,
    missingFraction: rows === 0 ? 0 : (rows - count) / rows,
    distinct: toNumber(row[col(i, 'distinct')]),
    min: toJsonScalar(row[col(i, 'min')]),
    max: toJsonScalar(row[col(i, 'max')]),
  };
  if (kind !== 'numeric') return base;
  const q = z.array(z.unknown()).nullable().parse(row[col(i, 'q')] ?? null) ?? [];
  return { ...base, mean: toNumber(row[col(i, 'mean')]), std: toNumber(row[col(i, 'std')]), q25: toNumber(q[0]), q50: toNumber(q[1]), q75: toNumber(q[2]) };
}

function topFromMap(value: unknown, limit: number): TopValue[] {
  return mapEntries
    .parse(value ?? [])
    .map((e) => ({ value: toJsonScalar(e.key), count: toNumber(e.value) ?? 0 }))
    .sort((a, b) => b.count - a.count || String(a.value).localeCompare(String(b.value)))
    .slice(0, limit);
}

/** Pass 2 (histograms, small-cardinality top values) and, if needed, pass 3 (counts of approximate top values). */
async function fillDistributions(conn: DuckDBConnection, source: string, profiles: ColumnProfile[], bins: number, topK: number): Promise<void> {
  const parts: string[] = [];
  const edgesByColumn = new Map<number, number[]>();
  const approxTop: number[] = [];
  profiles.forEach((p, i) => {
    const x = sqlIdent(p.name);
    if (p.kind === 'numeric' && typeof p.min === 'number' && typeof p.max === 'number') {
      const edges = histogramEdges(p.min, p.max, isIntegerType(p.type), bins);
      edgesByColumn.set(i, edges);
      const bounds = edges.slice(1).map((e) => `${e}::DOUBLE`).join(', ');
      parts.push(`histogram(${x}::DOUBLE, [${bounds}]) AS ${col(i, 'hist')}`);
    } else if (p.kind === 'categorical' && p.count > p.missing) {
      if ((p.distinct ?? Infinity) <= SMALL_CARDINALITY) parts.push(`histogram(${x}) AS ${col(i, 'top')}`);
      else {
        parts.push(`approx_top_k(${x}, ${topK}) AS ${col(i, 'top')}`);
        approxTop.push(i);
      }
    }
  });
  if (parts.length === 0) return;
  const [row = {}] = await queryRows(conn, `SELECT ${parts.join(', ')} FROM ${source}`);
  for (const [i, edges] of edgesByColumn) {
    const profile = profiles[i];
    if (!profile) continue;
    const byBound = new Map(mapEntries.parse(row[col(i, 'hist')] ?? []).map((e) => [toNumber(e.key), toNumber(e.value) ?? 0]));
    const counts = edges.slice(1).map((e) => byBound.get(e) ?? 0);
    // Values above the last bound (rounding at max) belong to the last bin.
    const overflow = [...byBound.entries()].filter(([k]) => k === null || !edges.includes(k)).reduce((a, [, v]) => a + v, 0);
    if (counts.length > 0) counts[counts.length - 1] = (counts[counts.length - 1] ?? 0) + overflow;
    profile.histogram = { edges, counts };
  }
  profiles.forEach((p, i) => {
    if (p.kind === 'categorical' && !approxTop.includes(i) && row[col(i, 'top')] !== undefined) p.top = topFromMap(row[col(i, 'top')], topK);
  });
  if (approxTop.length === 0) return;
  const countParts: string[] = [];
  const candidates = new Map<number, string[]>();
  for (const i of approxTop) {
    const values = z.array(z.unknown()).parse(row[col(i, 'top')] ?? []).map(String);
    const profile = profiles[i];
    if (!profile) continue;
    candidates.set(i, values);
    values.forEach((v, j) => countParts.push(`count(*) FILTER (WHERE ${sqlIdent(profile.name)}::VARCHAR = ${sqlString(v)}) AS ${col(i, `t${j}`)}`));
  }
  if (countParts.length === 0) return;
  const [counts = {}] = await queryRows(conn, `SELECT ${countParts.join(', ')} FROM ${source}`);
  for (const [i, values] of candidates) {
    const profile = profiles[i];
    if (!profile) continue;
    profile.top = values
      .map((value, j) => ({ value, count: toNumber(counts[col(i, `t${j}`)]) ?? 0 }))
      .sort((a, b) => b.count - a.count);
  }
}

/** Profiles every column of a relation in two or three scans. */
export async function profileTable(conn: DuckDBConnection, source: string, options: { bins: number; topK: number }): Promise<TableProfile> {
  const columns = await tableSchema(conn, source);
  const total = await countRows(conn, source);
  const exact = total <= EXACT_LIMIT;
  const [row = {}] = await queryRows(conn, statsQuery(source, columns, exact));
  const rows = toNumber(row.__rows) ?? 0;
  const profiles = columns.map((c, i) => buildColumn(c, i, row, rows));
  await fillDistributions(conn, source, profiles, options.bins, options.topK);
  return { rows, exact, columns: profiles };
}

export const profile = defineComponent({
  id: 'data.profile',
  version: 1,
  title: 'Profile',
  category: 'data',
  description: 'Summarizes every column: type, missing values, distinct count, min/max/mean/std/quartiles, top values and histograms.',
  inputs: { table: { type: 'table', description: 'Table to profile' } },
  outputs: {
    profile: { type: 'metrics', description: 'Per-column statistics' },
    figures: { type: 'figure', description: 'One Plotly chart per column: histogram for numbers, bar chart of top values for categories' },
  },
  params: z.object({
    bins: z.number().int().min(2).max(200).default(20).describe('Histogram bins for numeric columns'),
    topK: z.number().int().min(1).max(100).default(10).describe('Most frequent values listed for categorical columns'),
  }),
  async run(ctx) {
    const input = ctx.inputs.table;
    if (!input) throw new UserError('missing_input', 'input table: not connected; connect a table to profile');
    return withDuck(async (conn) => {
      const result = await profileTable(conn, readTableExpr(input.path), ctx.params);
      const missingCells = result.columns.reduce((a, c) => a + c.missing, 0);
      ctx.log(`Profiled ${result.rows} rows and ${result.columns.length} columns${result.exact ? '' : ' (approximate quantiles and distinct counts)'}`);
      return {
        outputs: { profile: { json: result }, figures: { json: profileFigures(result.columns) } },
        metrics: { rows: result.rows, columns: result.columns.length, missing_cells: missingCells },
      };
    }, { signal: ctx.signal });
  },
});
