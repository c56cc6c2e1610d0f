import { writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { UserError } from '../../../shared/errors';
import { readTableExpr, sqlString, withDuck, writeParquet } from '../../components/duck';
import { classificationScores, logLoss, quantile, regressionScores, rocAucOvr, rocCurve } from '../metrics';
import type { LoadedModel } from '../ort';
import { scoreTable } from '../ort';
import type { Table } from '../table';
import { findColumn } from '../table';

/** Validation metrics tune.search can optimize, and which way is better. */
export const metricNameSchema = z.enum(['roc_auc', 'accuracy', 'balanced_accuracy', 'f1_macro', 'log_loss', 'rmse', 'mae', 'r2']);
export type MetricName = z.infer<typeof metricNameSchema>;
export const metricDirections: Record<MetricName, 'maximize' | 'minimize'> = {
  roc_auc: 'maximize',
  accuracy: 'maximize',
  balanced_accuracy: 'maximize',
  f1_macro: 'maximize',
  log_loss: 'minimize',
  rmse: 'minimize',
  mae: 'minimize',
  r2: 'maximize',
};

const classificationOnly = new Set<string>(['roc_auc', 'accuracy', 'balanced_accuracy', 'f1_macro', 'log_loss']);

/** Scores a model on the valid table with ONNX Runtime: every metric that fits its task. */
export async function validationScores(model: LoadedModel, valid: Table, target: string, classes: readonly string[]): Promise<Record<string, number>> {
  const col = findColumn(valid, target);
  if (!col) throw new UserError('unknown_column', `valid: the table has no target column '${target}'`);
  const scored = await scoreTable(model, valid);
  const label = (r: number): string | null => {
    const v = col.values[r];
    if (typeof v === 'number') return Number.isNaN(v) ? null : String(v);
    return v === undefined || v === null || v === '' ? null : v;
  };
  const rows = Array.from({ length: valid.rows }, (_, r) => r).filter((r) => label(r) !== null);
  if (scored.predictions) {
    const y = rows.map((r) => Number(label(r)));
    const s = regressionScores(y, rows.map((r) => scored.predictions?.[r] ?? Number.NaN));
    return { rmse: s.rmse, mae: s.mae, r2: s.r2 };
  }
  const k = classes.length;
  const index = new Map(classes.map((c, i) => [c, i]));
  const y = rows.map((r) => index.get(label(r) ?? '') ?? -1);
  const unknown = rows.find((_, i) => (y[i] ?? -1) < 0);
  if (unknown !== undefined) throw new UserError('unknown_class', `valid: class '${label(unknown)}' of '${target}' is not among the trained classes (${classes.join(', ')})`);
  const proba = new Float64Array(rows.length * k);
  rows.forEach((r, i) => scored.probabilities?.[r]?.forEach((p, j) => (proba[i * k + j] = p)));
  const pred = rows.map((r) => index.get(scored.labels?.[r] ?? '') ?? 0);
  const s = classificationScores(y, pred, k);
  const auc = k === 2 ? rocCurve(y.map((c) => c === 1), rows.map((_, i) => proba[i * 2 + 1] ?? 0)).auc : rocAucOvr(y, proba, k).macro;
  return { accuracy: s.accuracy, balanced_accuracy: s.balanced_accuracy, f1_macro: s.f1_macro, log_loss: logLoss(y, proba, k), roc_auc: auc };
}

export function checkMetricFits(metric: MetricName, task: string): void {
  const classification = task !== 'regression';
  if (classification !== classificationOnly.has(metric)) {
    throw new UserError('bad_metric', `metric: '${metric}' does not apply to a ${task} model; use ${classification ? 'roc_auc, accuracy, balanced_accuracy, f1_macro or log_loss' : 'rmse, mae or r2'}`);
  }
}

/**
 * Single-row inference latency in milliseconds (p50, p95) over `calls` rows of the table, after
 * a few warm-up calls: what one online prediction costs.
 */
export async function singleRowLatency(model: LoadedModel, table: Table, calls = 50): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  const n = Math.max(1, table.rows);
  for (let i = 0; i < calls + 3; i++) {
    const r = i % n;
    const t0 = performance.now();
    await scoreTable(model, table, { start: r, end: r + 1 });
    if (i >= 3) times.push(performance.now() - t0);
  }
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

export type TrialRow = Record<string, string | number | boolean | null>;

/** Writes trial rows as a zstd Parquet table (columns: the union of the rows' keys, nulls where absent). */
export async function writeTrialsTable(rows: readonly TrialRow[], jsonPath: string, parquetPath: string): Promise<void> {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const lines = rows.map((r) => JSON.stringify(Object.fromEntries(columns.map((c) => [c, r[c] ?? null]))));
  await writeFile(jsonPath, `${lines.join('\n')}\n`);
  await withDuck((conn) => writeParquet(conn, `SELECT * FROM read_json(${sqlString(jsonPath)}, format = 'newline_delimited') ORDER BY trial`, parquetPath));
}

/** Reads a Parquet table back as JSON rows (for tests and the figure). */
export async function readRows(path: string): Promise<Record<string, unknown>[]> {
  return withDuck(async (conn) => (await conn.runAndReadAll(`SELECT * FROM ${readTableExpr(path)}`)).getRowObjectsJson());
}

/** Plotly figure: the metric of each trial (infeasible ones hollow) and the best feasible so far. */
export function trialsFigure(trials: readonly { trial: number; metric: number | null; feasible: boolean }[], metric: string, maximize: boolean): unknown {
  const x = trials.map((t) => t.trial);
  let best: number | null = null;
  const bestSoFar = trials.map((t) => {
    if (t.feasible && t.metric !== null && (best === null || (maximize ? t.metric > best : t.metric < best))) best = t.metric;
    return best;
  });
  return {
    data: [
      {
        type: 'scatter', mode: 'markers', name: `valid ${metric}`, x, y: trials.map((t) => t.metric),
        marker: { size: 9, symbol: trials.map((t) => (t.feasible ? 'circle' : 'circle-open')) },
      },
      { type: 'scatter', mode: 'lines', line: { shape: 'hv' }, name: 'best so far', x, y: bestSoFar },
    ],
    layout: {
      title: { text: `${metric} per trial (${maximize ? 'higher' : 'lower'} is better)` },
      xaxis: { title: { text: 'trial' } },
      yaxis: { title: { text: metric } },
    },
  };
}
