import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import { UserError } from '../../shared/errors';
import type { ModelInfo, ModelSignature, TensorSpec } from './onnx/read';
import { readModelInfo } from './onnx/read';
import type { Table, TableColumn } from './table';
import { findColumn, loadTable } from './table';

/**
 * Scoring an ONNX model on a table with onnxruntime-node (CPU). Models follow Nodebook's output
 * convention (main/ml/README.md): classifiers return `label` [N] and `probabilities` [N, K];
 * regressors return `prediction` [N, 1].
 */

export interface LoadedModel {
  readonly session: ort.InferenceSession;
  readonly info: ModelInfo;
}

export async function loadModel(path: string): Promise<LoadedModel> {
  const bytes = await readFile(path);
  const info = readModelInfo(bytes);
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'], intraOpNumThreads: 1 });
  return { session, info };
}

/** The declared inputs and outputs of a model file, with dtypes and shapes. */
export async function modelSignature(path: string): Promise<ModelSignature> {
  return readModelInfo(await readFile(path)).signature;
}

function numberAt(col: TableColumn, r: number, spec: TensorSpec): number {
  if (col.type === 'numeric') return col.values[r] ?? Number.NaN;
  const raw = col.values[r];
  if (raw === null || raw === undefined || raw === '') return Number.NaN;
  const n = Number(raw);
  if (Number.isNaN(n)) throw new UserError('bad_column_type', `model input '${spec.name}' is numeric, but column '${col.name}' holds '${raw}'`);
  return n;
}

function stringAt(col: TableColumn, r: number): string {
  if (col.type === 'categorical') return col.values[r] ?? '';
  const v = col.values[r] ?? Number.NaN;
  return Number.isNaN(v) ? '' : String(v);
}

/** One tensor per declared model input, from the table column of the same name; missing strings are ''. */
export function buildFeeds(inputs: readonly TensorSpec[], table: Table, rows?: { start: number; end: number }): Record<string, ort.Tensor> {
  const start = rows?.start ?? 0;
  const end = rows?.end ?? table.rows;
  const n = end - start;
  const feeds: Record<string, ort.Tensor> = {};
  for (const spec of inputs) {
    const col = findColumn(table, spec.name);
    if (!col) {
      throw new UserError('missing_feature', `the model needs column '${spec.name}', which is not in the table; columns are: ${table.columns.map((c) => c.name).join(', ')}`);
    }
    const dims = spec.shape.length === 2 ? [n, 1] : [n];
    const index = (i: number) => start + i;
    switch (spec.dtype) {
      case 'float':
        feeds[spec.name] = new ort.Tensor('float32', Float32Array.from({ length: n }, (_, i) => numberAt(col, index(i), spec)), dims);
        break;
      case 'double':
        feeds[spec.name] = new ort.Tensor('float64', Float64Array.from({ length: n }, (_, i) => numberAt(col, index(i), spec)), dims);
        break;
      case 'int64':
        feeds[spec.name] = new ort.Tensor('int64', BigInt64Array.from({ length: n }, (_, i) => BigInt(Math.trunc(numberAt(col, index(i), spec) || 0))), dims);
        break;
      case 'string':
        feeds[spec.name] = new ort.Tensor('string', Array.from({ length: n }, (_, i) => stringAt(col, index(i))), dims);
        break;
      default:
        throw new UserError('unsupported_input', `model input '${spec.name}' has type ${spec.dtype}; Nodebook feeds float, double, int64 and string inputs`);
    }
  }
  return feeds;
}

export interface Scores {
  readonly rows: number;
  /** Predicted class labels as strings (int64 labels are written in decimal). Classifiers only. */
  readonly labels?: string[];
  /** Per-row class probabilities, in the order of the model's classes. Classifiers only. */
  readonly probabilities?: Float32Array[];
  /** Regressors only. */
  readonly predictions?: Float64Array;
  readonly latencyMs: number;
}

function tensorStrings(t: ort.Tensor): string[] {
  const data = t.data;
  if (Array.isArray(data)) return data.map(String);
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) return Array.from(data, String);
  return Array.from(data, String);
}

function tensorNumbers(t: ort.Tensor): Float64Array {
  const data = t.data;
  if (Array.isArray(data)) throw new Error(`a ${t.type} output is not numeric`);
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) return Float64Array.from(data, Number);
  return Float64Array.from(data);
}

/** Runs a loaded model on rows of an in-memory table. */
export async function scoreTable(model: LoadedModel, table: Table, rows?: { start: number; end: number }): Promise<Scores> {
  const feeds = buildFeeds(model.info.signature.inputs, table, rows);
  const n = (rows?.end ?? table.rows) - (rows?.start ?? 0);
  const t0 = performance.now();
  const out = await model.session.run(feeds);
  const latencyMs = performance.now() - t0;
  const names = model.session.outputNames;
  const label = out.label;
  const probs = out.probabilities;
  if (label && probs) {
    const k = probs.dims[1] ?? 1;
    const flat = tensorNumbers(probs);
    const probabilities = Array.from({ length: n }, (_, r) => Float32Array.from(flat.subarray(r * k, r * k + k)));
    return { rows: n, labels: tensorStrings(label), probabilities, latencyMs };
  }
  const predName = out.prediction ? 'prediction' : out.variable ? 'variable' : names.find((nm) => out[nm]?.type === 'float32' || out[nm]?.type === 'float64');
  const pred = predName === undefined ? undefined : out[predName];
  if (!pred) throw new UserError('bad_model', `the model's outputs (${names.join(', ')}) have neither label+probabilities nor a float prediction`);
  return { rows: n, predictions: tensorNumbers(pred), latencyMs };
}

/** Scores a table in batches of `batchSize` rows, so a large table never becomes one huge tensor. */
export async function scoreBatched(model: LoadedModel, table: Table, options: { batchSize?: number; signal?: AbortSignal } = {}): Promise<Scores> {
  const size = Math.max(1, options.batchSize ?? 65_536);
  if (table.rows <= size) return scoreTable(model, table);
  const parts: Scores[] = [];
  for (let start = 0; start < table.rows; start += size) {
    options.signal?.throwIfAborted();
    parts.push(await scoreTable(model, table, { start, end: Math.min(table.rows, start + size) }));
  }
  const latencyMs = parts.reduce((a, p) => a + p.latencyMs, 0);
  if (parts.every((p) => p.labels && p.probabilities)) {
    return { rows: table.rows, labels: parts.flatMap((p) => p.labels ?? []), probabilities: parts.flatMap((p) => p.probabilities ?? []), latencyMs };
  }
  const predictions = new Float64Array(table.rows);
  let offset = 0;
  for (const p of parts) {
    predictions.set(p.predictions ?? new Float64Array(p.rows), offset);
    offset += p.rows;
  }
  return { rows: table.rows, predictions, latencyMs };
}

export interface ScoreOptions {
  readonly signal?: AbortSignal;
  readonly batchSize?: number;
}

/** Scores the model file on a Parquet table, feeding model inputs from same-named columns. */
export async function scoreModel(modelPath: string, tablePath: string, options: ScoreOptions = {}): Promise<Scores & { info: ModelInfo }> {
  const model = await loadModel(modelPath);
  try {
    const table = await loadTable(tablePath, {
      columns: model.info.signature.inputs.map((i) => i.name),
      field: 'model inputs',
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const scores = await scoreBatched(model, table, options);
    return { ...scores, info: model.info };
  } finally {
    await model.session.release();
  }
}
