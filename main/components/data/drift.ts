import { z } from 'zod';
import type { DuckDBConnection } from '../duck';
import { queryRows, sqlIdent } from '../duck';
import { columnKind, toNumber } from './column-kind';
import type { CheckResult, Column } from './expectations';
import { chiSquareTest, psi } from './stats';

export const driftSchema = z
  .object({
    psiThreshold: z.number().min(0).default(0.2).describe('Population stability index above which a column has drifted'),
    ksThreshold: z.number().min(0).max(1).default(0.1).describe('Kolmogorov–Smirnov statistic above which a numeric column has drifted'),
    chi2PValue: z.number().min(0).max(1).default(0.01).describe('Chi-square p-value below which a categorical column has drifted'),
    onDrift: z.enum(['fail', 'warn']).default('fail').describe('Fail the node on drift, or only warn (schema changes always fail)'),
  })
  .prefault({})
  .describe('Drift checks against the optional reference input');
export type DriftOptions = z.output<typeof driftSchema>;

const DECILES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
const mapEntries = z.array(z.object({ key: z.unknown(), value: z.unknown() }));

/** Schema skew between reference and current: always a failure, whatever onDrift says. */
export function schemaCheck(current: readonly Column[], reference: readonly Column[]): CheckResult {
  const cur = new Map(current.map((c) => [c.name, c.type]));
  const ref = new Map(reference.map((c) => [c.name, c.type]));
  const missing = reference.filter((c) => !cur.has(c.name)).map((c) => c.name);
  const extra = current.filter((c) => !ref.has(c.name)).map((c) => c.name);
  const changed = reference
    .filter((c) => cur.has(c.name) && cur.get(c.name) !== c.type)
    .map((c) => ({ column: c.name, reference: c.type, current: cur.get(c.name) ?? '' }));
  const problems = [
    missing.length ? `missing column(s) ${missing.join(', ')}` : '',
    extra.length ? `extra column(s) ${extra.join(', ')}` : '',
    ...changed.map((c) => `${c.column} changed type ${c.reference} → ${c.current}`),
  ].filter((p) => p !== '');
  return {
    name: 'schema',
    kind: 'schema',
    passed: problems.length === 0,
    severity: 'schema',
    observed: { missing, extra, changed },
    expected: { columns: reference },
    message: problems.length === 0 ? 'same columns and types as the reference' : `schema differs from the reference: ${problems.join('; ')}`,
  };
}

/** Counts of `column` in bins closed on the right at `bounds`, plus one bin above the last bound. */
async function binCounts(conn: DuckDBConnection, relation: string, column: string, bounds: readonly number[]): Promise<number[]> {
  const list = bounds.map((b) => `${b}::DOUBLE`).join(', ');
  const [row = {}] = await queryRows(conn, `SELECT histogram(${sqlIdent(column)}::DOUBLE, [${list}]) AS h FROM ${relation}`);
  const counts = new Array<number>(bounds.length + 1).fill(0);
  for (const e of mapEntries.parse(row.h ?? [])) {
    const i = bounds.indexOf(Number(e.key));
    const slot = i >= 0 ? i : bounds.length;
    counts[slot] = (counts[slot] ?? 0) + (toNumber(e.value) ?? 0);
  }
  return counts;
}

/** Two-sample Kolmogorov–Smirnov statistic: the largest gap between the two empirical CDFs. */
async function ksStatistic(conn: DuckDBConnection, current: string, reference: string, column: string): Promise<number | null> {
  const x = sqlIdent(column);
  const [row = {}] = await queryRows(
    conn,
    `WITH u AS (
       SELECT ${x}::DOUBLE AS v, 1 AS r, 0 AS c FROM ${reference} WHERE ${x} IS NOT NULL
       UNION ALL SELECT ${x}::DOUBLE, 0, 1 FROM ${current} WHERE ${x} IS NOT NULL),
     g AS (SELECT v, sum(r) AS r, sum(c) AS c FROM u GROUP BY v),
     t AS (SELECT sum(r) AS nr, sum(c) AS nc FROM g),
     cdf AS (SELECT sum(r) OVER (ORDER BY v) / nr AS fr, sum(c) OVER (ORDER BY v) / nc AS fc FROM g, t WHERE nr > 0 AND nc > 0)
     SELECT max(abs(fr - fc)) AS ks FROM cdf`,
  );
  return toNumber(row.ks);
}

async function numericDrift(conn: DuckDBConnection, current: string, reference: string, column: string, o: DriftOptions): Promise<CheckResult[]> {
  const x = sqlIdent(column);
  const [q = {}] = await queryRows(conn, `SELECT quantile_cont(${x}::DOUBLE, [${DECILES.join(', ')}]) AS q FROM ${reference}`);
  const edges = [...new Set(z.array(z.unknown()).nullable().parse(q.q ?? null)?.map(toNumber) ?? [])].filter((e): e is number => e !== null);
  const results: CheckResult[] = [];
  if (edges.length > 0) {
    const value = psi(await binCounts(conn, reference, column, edges), await binCounts(conn, current, column, edges));
    const passed = value <= o.psiThreshold;
    results.push({ name: `drift.psi(${column})`, kind: 'drift.psi', column, passed, severity: 'drift', observed: value, expected: { max: o.psiThreshold }, message: `PSI ${value.toFixed(4)} ${passed ? '≤' : '>'} ${o.psiThreshold}` });
  }
  const ks = await ksStatistic(conn, current, reference, column);
  if (ks !== null) {
    const passed = ks <= o.ksThreshold;
    results.push({ name: `drift.ks(${column})`, kind: 'drift.ks', column, passed, severity: 'drift', observed: ks, expected: { max: o.ksThreshold }, message: `KS statistic ${ks.toFixed(4)} ${passed ? '≤' : '>'} ${o.ksThreshold}` });
  }
  return results;
}

async function categoryCounts(conn: DuckDBConnection, relation: string, column: string): Promise<Map<string, number>> {
  const x = sqlIdent(column);
  const rows = await queryRows(conn, `SELECT ${x}::VARCHAR AS v, count(*) AS n FROM ${relation} WHERE ${x} IS NOT NULL GROUP BY 1`);
  return new Map(rows.map((r) => [String(r.v), toNumber(r.n) ?? 0]));
}

async function categoricalDrift(conn: DuckDBConnection, current: string, reference: string, column: string, o: DriftOptions): Promise<CheckResult[]> {
  const ref = await categoryCounts(conn, reference, column);
  const cur = await categoryCounts(conn, current, column);
  const categories = [...new Set([...ref.keys(), ...cur.keys()])].sort();
  const refCounts = categories.map((c) => ref.get(c) ?? 0);
  const curCounts = categories.map((c) => cur.get(c) ?? 0);
  const value = psi(refCounts, curCounts);
  const chi = chiSquareTest(refCounts, curCounts);
  const newValues = categories.filter((c) => !ref.has(c)).slice(0, 5);
  const psiPassed = value <= o.psiThreshold;
  const chiPassed = chi.pValue >= o.chi2PValue;
  return [
    { name: `drift.psi(${column})`, kind: 'drift.psi', column, passed: psiPassed, severity: 'drift', observed: value, expected: { max: o.psiThreshold }, message: `PSI ${value.toFixed(4)} ${psiPassed ? '≤' : '>'} ${o.psiThreshold}${newValues.length ? `; values not in the reference: ${newValues.join(', ')}` : ''}` },
    { name: `drift.chi2(${column})`, kind: 'drift.chi2', column, passed: chiPassed, severity: 'drift', observed: { statistic: chi.statistic, dof: chi.dof, pValue: chi.pValue }, expected: { minPValue: o.chi2PValue }, message: `chi-square ${chi.statistic.toFixed(2)} (dof ${chi.dof}), p = ${chi.pValue.toPrecision(3)} ${chiPassed ? '≥' : '<'} ${o.chi2PValue}` },
  ];
}

/** Schema check plus per-column drift checks for the columns both tables share with the same kind. */
export async function driftChecks(
  conn: DuckDBConnection,
  current: { relation: string; columns: readonly Column[] },
  reference: { relation: string; columns: readonly Column[] },
  options: DriftOptions,
): Promise<CheckResult[]> {
  const results = [schemaCheck(current.columns, reference.columns)];
  for (const refColumn of reference.columns) {
    const curColumn = current.columns.find((c) => c.name === refColumn.name);
    if (!curColumn) continue;
    const kind = columnKind(refColumn.type);
    if (columnKind(curColumn.type) !== kind) continue;
    if (kind === 'numeric') results.push(...(await numericDrift(conn, current.relation, reference.relation, refColumn.name, options)));
    else if (kind === 'categorical') results.push(...(await categoricalDrift(conn, current.relation, reference.relation, refColumn.name, options)));
  }
  return results;
}
