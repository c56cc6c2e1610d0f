import { z } from 'zod';
import { UserError } from '../../../shared/errors';
import { defineComponent } from '../../engine/component';
import { filterRows } from '../../ml/dataset';
import type { ClassificationReport, RegressionReport } from '../../ml/evaluation';
import { classificationReport, jsonScalars, regressionReport } from '../../ml/evaluation';
import { quantile } from '../../ml/metrics';
import type { ParsedModelMeta } from '../../ml/model-file';
import { parseModelMeta } from '../../ml/model-file';
import type { LoadedModel, Scores } from '../../ml/ort';
import { loadModel, scoreBatched, scoreTable } from '../../ml/ort';
import type { Table, TableColumn } from '../../ml/table';
import { loadTable, tableColumns } from '../../ml/table';
import { classificationFigures, regressionFigures } from './eval-figures';

const params = z.object({
  sliceBy: z.string().optional().describe('Also compute the metrics per value of this column'),
  positiveClass: z.string().optional().describe('Binary models: the positive class (default: the second class label)'),
  latencyRepeats: z.number().int().min(1).max(100).default(5).describe('How many times to score the whole table to time batch latency'),
  latencyRows: z.number().int().min(0).max(1000).default(50).describe('How many single-row requests to time'),
  maxSlices: z.number().int().min(1).max(200).default(20).describe('Keep the most frequent slice values only'),
});

const MISSING = '(missing)';

function valueAt(col: TableColumn, r: number): string {
  if (col.type === 'numeric') {
    const v = col.values[r] ?? Number.NaN;
    return Number.isNaN(v) ? '' : String(v);
  }
  return col.values[r] ?? '';
}

async function timeScores(model: LoadedModel, table: Table, repeats: number, singleRows: number, signal: AbortSignal): Promise<Record<string, number>> {
  const batch: number[] = [];
  for (let i = 0; i < repeats; i++) {
    signal.throwIfAborted();
    batch.push((await scoreTable(model, table)).latencyMs);
  }
  const single: number[] = [];
  for (let r = 0; r < Math.min(singleRows, table.rows); r++) {
    signal.throwIfAborted();
    single.push((await scoreTable(model, table, { start: r, end: r + 1 })).latencyMs);
  }
  const p50 = quantile(batch, 0.5);
  return {
    latency_p50_ms: quantile(single, 0.5),
    latency_p95_ms: quantile(single, 0.95),
    batch_latency_p50_ms: p50,
    batch_latency_p95_ms: quantile(batch, 0.95),
    batch_rows: table.rows,
    throughput_rows_per_s: p50 > 0 ? (table.rows / p50) * 1000 : Number.NaN,
  };
}

interface Evaluated {
  readonly classification?: ClassificationReport;
  readonly regression?: RegressionReport;
  readonly skippedRows: number;
}

/** Metrics over the rows in `rows` (all when undefined). */
function evaluateRows(meta: ParsedModelMeta, truth: TableColumn, scores: Scores, positive: number | undefined, rows: number[] | undefined, withCurves: boolean): Evaluated {
  const idx = rows ?? Array.from({ length: scores.rows }, (_, i) => i);
  if (meta.task === 'regression') {
    const pred = scores.predictions ?? new Float64Array();
    const keep = idx.filter((r) => truth.type === 'numeric' && Number.isFinite(truth.values[r] ?? Number.NaN));
    const y = Float64Array.from(keep, (r) => (truth.type === 'numeric' ? (truth.values[r] ?? 0) : 0));
    return { regression: regressionReport(y, Float64Array.from(keep, (r) => pred[r] ?? 0), withCurves), skippedRows: idx.length - keep.length };
  }
  const k = meta.classes.length;
  const index = new Map(meta.classes.map((c, i) => [c, i]));
  // Rows whose class the model never saw cannot enter probability metrics; they are reported.
  const keep = idx.filter((r) => index.has(valueAt(truth, r)));
  const probs = scores.probabilities ?? [];
  const proba = new Float64Array(keep.length * k);
  keep.forEach((r, i) => probs[r]?.forEach((p, j) => (proba[i * k + j] = p)));
  const data = {
    classes: meta.classes,
    truth: Int32Array.from(keep, (r) => index.get(valueAt(truth, r)) ?? 0),
    pred: Int32Array.from(keep, (r) => index.get(scores.labels?.[r] ?? '') ?? 0),
    proba,
    ...(positive === undefined ? {} : { positive }),
  };
  return { classification: classificationReport(data, withCurves), skippedRows: idx.length - keep.length };
}

export const evaluate = defineComponent({
  id: 'model.evaluate',
  version: 1,
  title: 'Evaluate model',
  category: 'evaluate',
  description:
    'Scores the ONNX model file itself with ONNX Runtime on a labelled table (what is validated is what is deployed): classification or regression metrics, curves, per-slice metrics and prediction latency.',
  inputs: {
    model: { type: 'model', description: 'A model trained by a train.* component' },
    table: { type: 'table', description: "Labelled rows: the model's feature columns and its target column" },
  },
  outputs: {
    metrics: { type: 'metrics', description: 'Metrics, per class, per slice, latency' },
    figures: { type: 'figure', description: 'Confusion matrix, ROC, PR and calibration curves; or predicted-vs-actual and residuals' },
  },
  params,
  async run(ctx) {
    const modelIn = ctx.inputs.model;
    const tableIn = ctx.inputs.table;
    if (!modelIn) throw new UserError('missing_input', 'input model: not connected; connect a trained model');
    if (!tableIn) throw new UserError('missing_input', 'input table: not connected; connect a labelled table');
    const { sliceBy, positiveClass, latencyRepeats, latencyRows, maxSlices } = ctx.params;

    const model = await loadModel(modelIn.path);
    try {
      const meta = parseModelMeta(model.info.metadata, 'input model');
      const schema = await tableColumns(tableIn.path);
      const names = schema.map((c) => c.name);
      const have = new Set(names);
      if (!have.has(meta.target)) throw new UserError('unknown_column', `table: the model's target column '${meta.target}' is not in the table; columns are: ${names.join(', ')}`);
      for (const input of model.info.signature.inputs) {
        if (!have.has(input.name)) throw new UserError('missing_feature', `table: the model needs feature column '${input.name}', which is not in the table; columns are: ${names.join(', ')}`);
      }
      if (sliceBy !== undefined && !have.has(sliceBy)) throw new UserError('unknown_column', `sliceBy: column '${sliceBy}' is not in the table; columns are: ${names.join(', ')}`);
      let positive: number | undefined;
      if (meta.task === 'binary') {
        positive = positiveClass === undefined ? 1 : meta.classes.indexOf(positiveClass);
        if (positive < 0) throw new UserError('bad_param', `positiveClass: '${positiveClass}' is not a class of this model; classes are: ${meta.classes.join(', ')}`);
      }

      const wanted = [...new Set([...model.info.signature.inputs.map((i) => i.name), meta.target, ...(sliceBy ? [sliceBy] : [])])];
      const loaded = await loadTable(tableIn.path, { columns: wanted, signal: ctx.signal });
      const targetCol = loaded.columns.find((c) => c.name === meta.target);
      if (!targetCol) throw new Error('target column not loaded');
      const table = filterRows(loaded, (r) => valueAt(targetCol, r) !== '');
      const truth = table.columns.find((c) => c.name === meta.target);
      if (!truth) throw new Error('target column not loaded');
      if (table.rows === 0) throw new UserError('empty_table', `table: no rows with a value in the target column '${meta.target}'`);
      if (meta.task === 'regression' && truth.type !== 'numeric') throw new UserError('bad_target', `table: target column '${meta.target}' is ${truth.sqlType}, but the model is a regressor`);
      const warnings: string[] = [];
      if (loaded.rows > table.rows) ctx.log(`Left out ${loaded.rows - table.rows} rows with no '${meta.target}'`);

      ctx.progress(0.1, 'scoring');
      const scores = await scoreBatched(model, table, { signal: ctx.signal });
      ctx.log(`Scored ${table.rows} rows with ONNX Runtime in ${scores.latencyMs.toFixed(1)} ms`);
      const overall = evaluateRows(meta, truth, scores, positive, undefined, true);
      if (overall.skippedRows > 0) warnings.push(`${overall.skippedRows} rows have a class the model was not trained on; they are left out of the metrics`);

      let slices: { column: string; groups: Record<string, unknown>[] } | undefined;
      const sliceScalars: Record<string, number> = {};
      const sliceCol = sliceBy === undefined ? undefined : table.columns.find((c) => c.name === sliceBy);
      if (sliceCol) {
        const groups = new Map<string, number[]>();
        for (let r = 0; r < table.rows; r++) {
          const v = valueAt(sliceCol, r) || MISSING;
          const list = groups.get(v) ?? [];
          list.push(r);
          groups.set(v, list);
        }
        const top = [...groups.entries()].sort((a, b) => b[1].length - a[1].length).slice(0, maxSlices);
        if (groups.size > maxSlices) warnings.push(`sliceBy: '${sliceBy}' has ${groups.size} values; kept the ${maxSlices} most frequent`);
        const rows = top.map(([value, idx]) => {
          const e = evaluateRows(meta, truth, scores, positive, idx, false);
          return { value, scalars: (e.classification ?? e.regression)?.scalars ?? {} };
        });
        slices = { column: sliceCol.name, groups: rows.map((g) => ({ value: g.value, ...jsonScalars(g.scalars) })) };
        // The worst slice as a scalar, so a gate can require e.g. slice_min_accuracy >= 0.9.
        const worst = (metric: string, side: 'min' | 'max') => {
          const vals = rows.map((g) => g.scalars[metric] ?? Number.NaN).filter(Number.isFinite);
          if (vals.length > 0) sliceScalars[`slice_${side}_${metric}`] = side === 'min' ? Math.min(...vals) : Math.max(...vals);
        };
        if (meta.task === 'regression') worst('rmse', 'max');
        else ['accuracy', 'f1_macro'].forEach((m) => worst(m, 'min'));
      }

      ctx.progress(0.6, 'timing predictions');
      const latency = await timeScores(model, table, latencyRepeats, latencyRows, ctx.signal);
      ctx.log(`Latency: single row p50 ${latency.latency_p50_ms?.toFixed(3)} ms, p95 ${latency.latency_p95_ms?.toFixed(3)} ms; ${table.rows} rows p50 ${latency.batch_latency_p50_ms?.toFixed(2)} ms`);

      const report = overall.classification ?? overall.regression;
      const scalars = { ...(report?.scalars ?? {}), ...sliceScalars, ...latency };
      const figures = overall.classification ? classificationFigures(overall.classification, meta.target) : overall.regression ? regressionFigures(overall.regression, meta.target) : { figures: [] };
      const json = {
        task: meta.task,
        target: meta.target,
        model: { trainer: meta.trainer, node: meta.node, sha256: modelIn.sha256 },
        rows: table.rows,
        ...(meta.task === 'regression' ? {} : { classes: meta.classes }),
        ...(positive === undefined ? {} : { positive_class: meta.classes[positive] }),
        metrics: jsonScalars(scalars),
        ...(overall.classification
          ? { per_class: overall.classification.per_class, confusion_matrix: overall.classification.confusion_matrix, curves: overall.classification.curves }
          : {}),
        ...(slices ? { slices } : {}),
      };
      const summary = ['accuracy', 'roc_auc', 'f1_macro', 'rmse', 'r2'].filter((m) => Number.isFinite(scalars[m] ?? Number.NaN)).map((m) => `${m} ${(scalars[m] ?? 0).toFixed(4)}`);
      ctx.log(`Evaluation: ${summary.join(', ')}`);
      ctx.progress(1);
      return {
        outputs: { metrics: { json }, figures: { json: figures } },
        metrics: Object.fromEntries(Object.entries(scalars).filter(([, v]) => Number.isFinite(v))),
        warnings,
      };
    } finally {
      await model.session.release();
    }
  },
});
