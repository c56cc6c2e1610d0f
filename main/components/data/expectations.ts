import { z } from 'zod';
import type { DuckDBConnection } from '../duck';
import { queryRows, sqlIdent, sqlString } from '../duck';
import { columnKind, isIntegerType, toJsonScalar, toNumber } from './column-kind';

/** One line of a validation report. */
export interface CheckResult {
  /** e.g. `range(bill_length_mm)`, `drift.psi(body_mass_g)`, `schema`. */
  readonly name: string;
  readonly kind: string;
  readonly column?: string;
  readonly passed: boolean;
  /** `expectation` and `schema` failures always fail the node; `drift` failures follow drift.onDrift. */
  readonly severity: 'expectation' | 'schema' | 'drift';
  readonly observed: unknown;
  readonly expected: unknown;
  readonly message: string;
}

const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const expectationSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('columns'),
    required: z
      .array(z.object({ name: z.string().min(1), type: z.string().optional().describe('A DuckDB type (DOUBLE, VARCHAR…) or a family: numeric, integer, float, string, boolean, temporal') }))
      .describe('Columns that must exist, optionally with a type'),
  }),
  z.object({
    kind: z.literal('range'),
    column: z.string().min(1),
    min: z.number().optional().describe('Smallest allowed value (inclusive)'),
    max: z.number().optional().describe('Largest allowed value (inclusive)'),
  }),
  z.object({ kind: z.literal('allowed'), column: z.string().min(1), values: z.array(scalar).min(1).describe('The only values allowed (missing values are not counted)') }),
  z.object({ kind: z.literal('nulls'), column: z.string().min(1), maxFraction: z.number().min(0).max(1).describe('Largest allowed share of missing values, 0 to 1') }),
  z.object({ kind: z.literal('unique'), column: z.string().min(1) }),
]);
export type Expectation = z.infer<typeof expectationSchema>;

export interface Column {
  readonly name: string;
  readonly type: string;
}

const FAMILIES: Record<string, (type: string) => boolean> = {
  numeric: (t) => columnKind(t) === 'numeric',
  integer: (t) => isIntegerType(t),
  float: (t) => columnKind(t) === 'numeric' && !isIntegerType(t),
  string: (t) => t.toUpperCase() === 'VARCHAR',
  boolean: (t) => t.toUpperCase() === 'BOOLEAN',
  temporal: (t) => columnKind(t) === 'temporal',
  categorical: (t) => columnKind(t) === 'categorical',
};

export function typeMatches(actual: string, wanted: string): boolean {
  const family = FAMILIES[wanted.toLowerCase()];
  return family ? family(actual) : actual.toUpperCase() === wanted.toUpperCase();
}

const fmt = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

async function one(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>> {
  const [row = {}] = await queryRows(conn, sql);
  return row;
}

/** Checks one expectation against `relation` (a view name). */
export async function checkExpectation(conn: DuckDBConnection, relation: string, columns: readonly Column[], e: Expectation): Promise<CheckResult[]> {
  if (e.kind === 'columns') {
    return e.required.map((req) => {
      const found = columns.find((c) => c.name === req.name);
      const name = `columns(${req.name})`;
      const expected = req.type ? { name: req.name, type: req.type } : { name: req.name };
      if (!found) return { name, kind: 'columns', column: req.name, passed: false, severity: 'expectation', observed: null, expected, message: `column "${req.name}" is missing; the table has ${columns.map((c) => c.name).join(', ')}` };
      const passed = req.type === undefined || typeMatches(found.type, req.type);
      return { name, kind: 'columns', column: req.name, passed, severity: 'expectation', observed: { name: found.name, type: found.type }, expected, message: passed ? `column "${req.name}" is ${found.type}` : `column "${req.name}" is ${found.type}, expected ${req.type}` };
    });
  }
  const name = `${e.kind}(${e.column})`;
  const base = { name, kind: e.kind, column: e.column, severity: 'expectation' as const };
  const column = columns.find((c) => c.name === e.column);
  if (!column) return [{ ...base, passed: false, observed: null, expected: null, message: `column "${e.column}" not found; the table has ${columns.map((c) => c.name).join(', ')}` }];
  const x = sqlIdent(e.column);
  const kind = columnKind(column.type);
  switch (e.kind) {
    case 'range': {
      const expected = { min: e.min ?? null, max: e.max ?? null };
      if (kind !== 'numeric') return [{ ...base, passed: false, observed: { type: column.type }, expected, message: `range needs a numeric column; "${e.column}" is ${column.type}` }];
      const conds = [e.min === undefined ? null : `${x} < ${e.min}`, e.max === undefined ? null : `${x} > ${e.max}`].filter((c) => c !== null);
      const outside = conds.length === 0 ? '0' : `count(*) FILTER (WHERE ${conds.join(' OR ')})`;
      const row = await one(conn, `SELECT min(${x})::DOUBLE AS lo, max(${x})::DOUBLE AS hi, ${outside} AS outside FROM ${relation}`);
      const observed = { min: toNumber(row.lo), max: toNumber(row.hi), outside: toNumber(row.outside) ?? 0 };
      const passed = observed.outside === 0;
      return [{ ...base, passed, observed, expected, message: passed ? `all values in [${e.min ?? '-∞'}, ${e.max ?? '∞'}]` : `${observed.outside} value(s) outside [${e.min ?? '-∞'}, ${e.max ?? '∞'}] (observed ${observed.min} to ${observed.max})` }];
    }
    case 'allowed': {
      const numeric = kind === 'numeric';
      const literals = numeric
        ? e.values.filter((v): v is number => typeof v === 'number').map(String)
        : e.values.map((v) => sqlString(String(v)));
      const target = numeric ? x : `${x}::VARCHAR`;
      const bad = literals.length === 0 ? `${x} IS NOT NULL` : `${x} IS NOT NULL AND ${target} NOT IN (${literals.join(', ')})`;
      const row = await one(conn, `SELECT count(*) FILTER (WHERE ${bad}) AS n FROM ${relation}`);
      const count = toNumber(row.n) ?? 0;
      const examples = count === 0 ? [] : (await queryRows(conn, `SELECT DISTINCT ${x} AS v FROM ${relation} WHERE ${bad} LIMIT 5`)).map((r) => toJsonScalar(r.v));
      return [{ ...base, passed: count === 0, observed: { disallowed: count, examples }, expected: { values: e.values }, message: count === 0 ? 'all values allowed' : `${count} value(s) not allowed, e.g. ${examples.map(fmt).join(', ')}` }];
    }
    case 'nulls': {
      const row = await one(conn, `SELECT count(*) AS n, count(*) - count(${x}) AS missing FROM ${relation}`);
      const n = toNumber(row.n) ?? 0;
      const missing = toNumber(row.missing) ?? 0;
      const fraction = n === 0 ? 0 : missing / n;
      const passed = fraction <= e.maxFraction;
      return [{ ...base, passed, observed: { missing, fraction }, expected: { maxFraction: e.maxFraction }, message: `${missing} of ${n} missing (${(fraction * 100).toFixed(2)}%${passed ? '' : `, more than ${(e.maxFraction * 100).toFixed(2)}%`})` }];
    }
    case 'unique': {
      const dups = await queryRows(conn, `SELECT ${x} AS v, count(*) AS n FROM ${relation} WHERE ${x} IS NOT NULL GROUP BY ${x} HAVING count(*) > 1 ORDER BY count(*) DESC LIMIT 5`);
      const row = await one(conn, `SELECT count(${x}) - count(DISTINCT ${x}) AS extra FROM ${relation}`);
      const duplicates = toNumber(row.extra) ?? 0;
      const examples = dups.map((r) => toJsonScalar(r.v));
      return [{ ...base, passed: duplicates === 0, observed: { duplicates, examples }, expected: { unique: true }, message: duplicates === 0 ? 'all values unique' : `${duplicates} duplicate value(s), e.g. ${examples.map(fmt).join(', ')}` }];
    }
  }
}
