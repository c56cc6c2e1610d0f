import { mkdir, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { UserError } from '../../../shared/errors';
import type { ChildExecution, ComponentDefinition, InputArtifact } from '../../engine/component';
import { defineComponent } from '../../engine/component';
import { loadModel } from '../../ml/ort';
import { loadTable } from '../../ml/table';
import type { SearchSummary } from '../../ml/trees/search-loop';
import { PausableProcesses, SharedExclusiveLock, plannedTrials, runSearch } from '../../ml/trees/search-loop';
import type { Point } from '../../ml/trees/search-space';
import { dimensionSchema } from '../../ml/trees/search-space';
import type { MetricName, TrialRow } from '../../ml/trees/tune-eval';
import { checkMetricFits, metricDirections, metricNameSchema, singleRowLatency, trialsFigure, validationScores, writeTrialsTable } from '../../ml/trees/tune-eval';
import type { ResultMessage } from '../../worker/spawn';
import { SerialWorker } from '../../worker/spawn';
import { trainForestComponent } from './train-forest';
import { trainGbdtComponent } from './train-gbdt';
import { trainLogistic } from './train-logistic';

const trainerKeys = ['train.gbdt@1', 'train.forest@1', 'train.logistic@1'] as const;
type TrainerKey = (typeof trainerKeys)[number];

/** Trainer definitions: their params schema checks each trial's params, their ports say what the trial gets. */
const trainers: Record<TrainerKey, ComponentDefinition> = {
  'train.gbdt@1': trainGbdtComponent,
  'train.forest@1': trainForestComponent,
  'train.logistic@1': trainLogistic,
};

/** The search's tables on a trainer's input ports (every trainer takes `train` and an optional `valid`). */
function trainerInputs(def: ComponentDefinition, train: InputArtifact, valid: InputArtifact): Record<string, InputArtifact> {
  return Object.fromEntries(Object.keys(def.inputs).flatMap((port) => (port === 'valid' ? [[port, valid]] : port === 'train' ? [[port, train]] : [])));
}

const constraintSchema = z
  .object({
    metric: z.string().min(1).describe("latency_p50_ms, latency_p95_ms (single-row ONNX Runtime calls), model_bytes, train_seconds, or a validation metric"),
    max: z.number().optional(),
    min: z.number().optional(),
  })
  .refine((c) => c.max !== undefined || c.min !== undefined, { message: 'give max, min or both' });

const params = z.object({
  trainer: z.enum(trainerKeys).describe('The trainer to tune; each trial trains in its own worker process, with its own temp dir'),
  target: z.string().min(1).describe('Column to predict (passed to the trainer)'),
  fixed: z.record(z.string(), z.unknown()).default({}).describe('Trainer params held fixed in every trial, e.g. { rounds: 200 }'),
  space: z.record(z.string(), dimensionSchema)
    .refine((s) => Object.keys(s).length > 0, { message: 'name at least one parameter to search' })
    .describe('Param → { values: [...] } or { min, max, log?, int? }'),
  strategy: z.enum(['grid', 'random', 'tpe']).default('tpe').describe('grid: every combination (5 steps per range); random; tpe: Tree-structured Parzen Estimator'),
  metric: metricNameSchema.optional().describe('Validation metric on the valid table, from the exported ONNX model (default roc_auc for binary, accuracy for multiclass, rmse for regression)'),
  direction: z.enum(['maximize', 'minimize']).optional().describe("Default: the metric's natural direction"),
  constraints: z.array(constraintSchema).default([]).describe('A trial is feasible when every value is within its bounds, e.g. [{ metric: latency_p95_ms, max: 5 }]'),
  budget: z.object({
    trials: z.number().int().min(1).max(1000).default(20),
    seconds: z.number().positive().default(600).describe('No new trial starts after this'),
  }).default({ trials: 20, seconds: 600 }),
  parallel: z.number().int().min(1).max(16).optional()
    .describe('Trials training at once, each in its own process; at most the workspace concurrency limit (nodebook.yaml `concurrency`), which is also the default'),
  startupTrials: z.number().int().min(1).optional().describe('TPE: random trials first (default max(3, trials / 4) up to 10)'),
  gamma: z.number().gt(0).lt(1).default(0.25).describe('TPE: share of trials counted as good'),
  seed: z.number().int().default(42).describe('Seed of the sampler'),
});

/** Checks a trial's trainer params with the trainer's own schema, so a bad value names its field. */
function checkTrialParams(def: ComponentDefinition, raw: Record<string, unknown>): void {
  const parsed = def.params.safeParse(raw);
  if (parsed.success) return;
  const issue = parsed.error.issues[0];
  throw new UserError('bad_params', `${issue?.path.join('.') || 'params'}: ${issue?.message ?? 'invalid'} (trial params for ${def.id}@${def.version})`);
}

/** Trial log lines kept to show when the trial fails (nothing is shown when it succeeds). */
const LOG_TAIL = 10;

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(4));

const TRIAL_FIELDS = new Set(['trial', 'status', 'feasible', 'error', 'started_s', 'duration_s']);

/** A trial row as a child execution: the searched params, the numbers it scored, its outcome. */
function trialExecution(row: TrialRow, trainer: string, fixed: Record<string, unknown>, space: [string, string][]): ChildExecution {
  const columns = new Set(space.map(([, c]) => c));
  const metrics = Object.fromEntries(
    Object.entries(row).filter((e): e is [string, number] => typeof e[1] === 'number' && !TRIAL_FIELDS.has(e[0]) && !columns.has(e[0])),
  );
  return {
    name: `trial-${String(row.trial)}`,
    component: trainer,
    params: { ...fixed, ...Object.fromEntries(space.map(([k, c]) => [k, row[c] ?? null])) },
    metrics,
    state: row.status === 'ok' ? 'done' : 'failed',
    durationMs: Number(row.duration_s ?? 0) * 1000,
    ...(typeof row.error === 'string' ? { error: row.error } : {}),
  };
}

export const tuneSearch = defineComponent({
  id: 'tune.search',
  version: 1,
  title: 'Hyperparameter search',
  category: 'train',
  description: 'Searches a trainer’s params (grid, random or TPE), scoring each trial’s ONNX model on the valid table with ONNX Runtime, with constraints such as single-row latency. Outputs the best model and every trial.',
  inputs: {
    train: { type: 'table', description: 'Training rows' },
    valid: { type: 'table', description: 'Validation rows: the metric and constraints are measured here' },
  },
  outputs: {
    model: { type: 'model', description: 'The best feasible trial’s model' },
    trials: { type: 'table', description: 'One row per trial: params, metric, constraint values, feasible, start (seconds after the search began) and duration' },
    figure: { type: 'figure', description: 'Metric per trial and best so far (Plotly)' },
  },
  params,
  async run(ctx) {
    const p = ctx.params;
    const { train, valid } = ctx.inputs;
    if (!train) throw new UserError('missing_input', 'input train: not connected; connect the training table');
    if (!valid) throw new UserError('missing_input', 'input valid: not connected; the search scores every trial on the valid table');
    const trainer = trainers[p.trainer];
    const shape = trainer.params instanceof z.ZodObject ? Object.keys(trainer.params.shape) : [];
    for (const name of [...Object.keys(p.space), ...Object.keys(p.fixed)]) {
      if (!shape.includes(name)) throw new UserError('bad_params', `space: '${name}' is not a parameter of ${p.trainer}; its parameters are ${shape.join(', ')}`);
    }
    const total = plannedTrials(p.space, p.strategy, p.budget.trials);
    const parallel = Math.max(1, Math.min(p.parallel ?? ctx.concurrency, ctx.concurrency));
    // Trials train in up to `parallel` worker processes, each running one trial after another
    // (Node, the built-in components and DuckDB load once per process, not once per trial).
    // They start now, while the valid table loads.
    const workers: SerialWorker[] = [];
    const startWorker = () => {
      const w = new SerialWorker({ componentModules: [], builtin: true });
      workers.push(w);
      return w;
    };
    for (let w = 0; w < Math.min(parallel, total); w++) startWorker();
    const closeWorkers = () => Promise.all(workers.map((w) => w.close()));
    const validTable = await loadTable(valid.path, { signal: ctx.signal }).catch(async (err: unknown) => {
      await closeWorkers();
      throw err;
    });
    // Only live workers: the pid of one that exited may already name another process.
    const processes = new PausableProcesses(() => workers.flatMap((w) => (w.alive && w.pid !== undefined ? [w.pid] : [])), ctx.signal);
    const lock = new SharedExclusiveLock();
    const searchStart = performance.now();
    const rows: TrialRow[] = [];
    const models = new Map<number, { file: string; meta: Record<string, unknown> }>();
    let metric: MetricName | undefined = p.metric;
    let firstError: string | undefined;
    const reserved = new Set(['trial', 'status', 'feasible', 'started_s', 'duration_s', 'error', 'latency_p50_ms', 'latency_p95_ms', 'model_bytes', 'train_seconds', ...metricNameSchema.options]);
    const column = (name: string) => (reserved.has(name) ? `param_${name}` : name);
    const maximize = () => (p.direction ?? (metric ? metricDirections[metric] : 'maximize')) === 'maximize';
    const outputs = Object.fromEntries(Object.entries(trainer.outputs).map(([k, v]) => [k, v.type]));
    const inputs = Object.fromEntries(Object.entries(trainerInputs(trainer, train, valid)).map(([port, a]) => [port, { type: a.type, path: a.path, sha256: a.sha256, meta: { ...a.meta } }]));
    let done = 0;

    /** Trains one trial in an idle worker process; resolves with its result and its training seconds (time held stopped excluded). */
    const trainTrial = async (i: number, raw: Record<string, unknown>, dir: string, log: string[]): Promise<{ result: ResultMessage; seconds: number; pid: number | undefined }> => {
      const t0 = performance.now();
      // Taken on the shared side: no process starts while a latency measurement runs. At most
      // `parallel` trials run at once, so an idle worker exists unless one died (then a new one).
      const worker = await lock.withShared(async () => workers.find((w) => w.idle) ?? startWorker());
      const pid = worker.pid;
      if (pid !== undefined) processes.add(pid);
      const stoppedBefore = pid === undefined ? 0 : processes.stoppedMs(pid);
      let result: ResultMessage;
      try {
        result = await worker.run(
          {
            componentKey: p.trainer,
            nodeId: `${ctx.nodeId}/trial-${i}`,
            params: raw,
            inputs,
            outputs,
            workspaceDir: ctx.workspaceDir,
            tmpDir: dir,
            python: ctx.python,
            concurrency: 1,
            componentModules: [],
          },
          {
            signal: ctx.signal,
            onLog: (_stream, line) => {
              log.push(line);
              if (log.length > LOG_TAIL) log.shift();
            },
          },
        );
      } finally {
        if (!worker.alive && pid !== undefined) processes.remove(pid);
      }
      const stoppedMs = pid === undefined ? 0 : processes.stoppedMs(pid) - stoppedBefore;
      return { result, seconds: (performance.now() - t0 - stoppedMs) / 1000, pid };
    };

    const runTrial = async (i: number, point: Point): Promise<number> => {
      // Started when the search hands the trial out (trial order), before any await.
      const t0 = performance.now();
      const dir = join(ctx.tmpDir, `trial-${i}`);
      await mkdir(dir, { recursive: true });
      const row: TrialRow = { trial: i, ...Object.fromEntries(Object.entries(point).map(([k, v]) => [column(k), v])), started_s: (t0 - searchStart) / 1000 };
      const log: string[] = [];
      let loss = Infinity;
      try {
        const raw = { ...p.fixed, target: p.target, ...point };
        checkTrialParams(trainer, raw);
        const { result, seconds: trainSeconds, pid } = await trainTrial(i, raw, dir, log);
        const out = result.outputs.model;
        if (!out || !('file' in out)) throw new Error(`${p.trainer} returned no model file`);
        const file = isAbsolute(out.file) ? out.file : join(dir, out.file);
        const meta = out.meta ?? {};
        const task = String(meta.task ?? '');
        const classes = Array.isArray(meta.classes) ? meta.classes.map(String) : [];
        metric ??= task === 'regression' ? 'rmse' : task === 'binary' ? 'roc_auc' : 'accuracy';
        checkMetricFits(metric, task);
        const model = await lock.withShared(() => loadModel(file));
        let scores: Record<string, number>;
        let latency: { p50: number; p95: number };
        try {
          scores = await lock.withShared(() => validationScores(model, validTable, p.target, classes));
          ctx.signal.throwIfAborted();
          // Alone: no other trial's scoring on this event loop, every other trial process stopped.
          latency = await lock.withExclusive(() => processes.whilePaused(() => singleRowLatency(model, validTable)));
        } finally {
          await model.session.release();
        }
        const values: Record<string, number> = {
          ...scores, latency_p50_ms: latency.p50, latency_p95_ms: latency.p95, model_bytes: (await stat(file)).size, train_seconds: trainSeconds,
        };
        const violated = p.constraints.filter((c) => {
          const v = values[c.metric];
          if (v === undefined) throw new UserError('bad_constraint', `constraints: unknown metric '${c.metric}'; use one of ${Object.keys(values).join(', ')}`);
          return (c.max !== undefined && !(v <= c.max)) || (c.min !== undefined && !(v >= c.min));
        });
        const value = values[metric] ?? Number.NaN;
        Object.assign(row, { status: 'ok', ...values, feasible: violated.length === 0 });
        models.set(i, { file, meta });
        if (Number.isFinite(value) && violated.length === 0) loss = maximize() ? -value : value;
        ctx.log(`trial ${i}: ${JSON.stringify(point)} → ${metric} ${fmt(value)}, latency p95 ${fmt(latency.p95)} ms${violated.length ? `, infeasible (${violated.map((c) => c.metric).join(', ')})` : ''} [${((performance.now() - t0) / 1000).toFixed(2)} s, worker pid ${pid ?? '?'}]`);
      } catch (err) {
        if (err instanceof UserError && (err.code === 'bad_constraint' || err.code === 'bad_metric')) throw err;
        // Cancelled: the search stops; no trial row is worth reporting.
        if (ctx.signal.aborted) throw err;
        const message = err instanceof Error ? err.message : String(err);
        firstError ??= message;
        Object.assign(row, { status: 'failed', feasible: false, error: message });
        for (const line of log) ctx.log(`trial ${i} | ${line}`, 'stderr');
        ctx.log(`trial ${i}: ${JSON.stringify(point)} failed: ${message}`);
      }
      row.duration_s = (performance.now() - t0) / 1000;
      rows.push(row);
      ctx.progress(Math.min(0.95, ++done / total), `trial ${done}/${total}`);
      return loss;
    };

    const startup = p.startupTrials ?? Math.min(10, Math.max(3, Math.floor(p.budget.trials / 4)));
    let summary: SearchSummary;
    try {
      summary = await runSearch({
        space: p.space, strategy: p.strategy, trials: p.budget.trials, seconds: p.budget.seconds, parallel, seed: p.seed,
        startup, gamma: p.gamma, candidates: 24, signal: ctx.signal, runTrial,
      });
    } finally {
      processes.close();
      await closeWorkers();
    }
    if (summary.stoppedBy === 'time') ctx.log(`Time budget of ${p.budget.seconds} s reached after ${summary.started} trials`);
    if (summary.stoppedBy === 'grid') ctx.log(`The grid has ${summary.started} points; all were tried`);
    rows.sort((a, b) => Number(a.trial) - Number(b.trial));
    const ok = rows.filter((r) => r.status === 'ok');
    if (ok.length === 0 || !metric) throw new UserError('all_trials_failed', `every trial failed; the first error: ${firstError ?? 'unknown'}`);
    const m: MetricName = metric;
    const valueOf = (r: TrialRow) => Number(r[m]);
    const better = (a: TrialRow, b: TrialRow) => (maximize() ? valueOf(a) > valueOf(b) : valueOf(a) < valueOf(b));
    const feasible = ok.filter((r) => r.feasible === true && Number.isFinite(valueOf(r)));
    const warnings: string[] = [];
    const pool = feasible.length > 0 ? feasible : ok;
    if (feasible.length === 0) warnings.push('No trial met the constraints; the model output is the best trial without them');
    const best = pool.reduce((a, b) => (better(b, a) ? b : a));
    const bestModel = models.get(Number(best.trial));
    if (!bestModel) throw new Error('the best trial has no model');
    const bestParams = Object.fromEntries(Object.keys(p.space).map((k) => [k, best[column(k)] ?? null]));
    ctx.log(`Best: trial ${best.trial} ${JSON.stringify(bestParams)} → ${m} ${fmt(valueOf(best))} (${feasible.length}/${rows.length} feasible)`);

    const trialsPath = join(ctx.tmpDir, 'trials.parquet');
    await writeTrialsTable(rows, join(ctx.tmpDir, 'trials.ndjson'), trialsPath);
    const figure = trialsFigure(rows.map((r) => ({ trial: Number(r.trial), metric: Number.isFinite(valueOf(r)) ? valueOf(r) : null, feasible: r.feasible === true })), m, maximize());
    ctx.progress(1);
    return {
      outputs: {
        model: { file: bestModel.file, meta: { ...bestModel.meta, tuned: { trial: best.trial, params: bestParams, [m]: valueOf(best) } } },
        trials: { file: trialsPath, meta: { rows: rows.length } },
        figure: { json: figure },
      },
      metrics: { [`best_${m}`]: valueOf(best), best_trial: Number(best.trial), trials: rows.length, feasible_trials: feasible.length, failed_trials: rows.length - ok.length },
      warnings,
      // Each trial is a child execution in lineage, with its params and metrics.
      children: rows.map((r) => trialExecution(r, p.trainer, { ...p.fixed, target: p.target }, Object.keys(p.space).map((k) => [k, column(k)]))),
    };
  },
});
