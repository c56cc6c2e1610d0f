import type { BinMapper, BinnedMatrix } from './binning';
import { applyBins, fitBins } from './binning';
import type { GrowOptions } from './grow';
import { GrowScratch, growTree } from './grow';
import { HistArena } from './hist-arena';
import { histWorkerWorthwhile, startHistWorker } from './hist-workers';
import { Rng } from './rng';
import type { Tree } from './tree';
import { leafOfBinnedRow, leafOfRow } from './tree';

export type GbdtTask = 'binary' | 'multiclass' | 'regression';

export interface GbdtParams {
  readonly learningRate: number;
  readonly rounds: number;
  readonly maxDepth: number;
  readonly maxLeaves: number;
  readonly minSamplesLeaf: number;
  readonly l2: number;
  readonly rowSubsample: number;
  readonly colSubsample: number;
  readonly maxBins: number;
  /** Stop when the validation loss has not improved for this many rounds (needs validation rows). */
  readonly earlyStoppingRounds?: number | undefined;
  readonly seed: number;
}

export const defaultGbdtParams: GbdtParams = {
  learningRate: 0.1, rounds: 100, maxDepth: 6, maxLeaves: 31, minSamplesLeaf: 20,
  l2: 0, rowSubsample: 1, colSubsample: 1, maxBins: 255, seed: 42,
};

/** A dense row-major float matrix (NaN = missing) with one target per row. */
export interface Dataset {
  readonly x: Float64Array;
  readonly rows: number;
  readonly features: number;
  /** Class index (0..K-1) for classification, the value for regression. */
  readonly y: Float64Array;
}

export interface GbdtModel {
  readonly task: GbdtTask;
  /** Number of classes (2 for binary); 1 for regression. */
  readonly classes: number;
  /** Trees per round: K for multiclass, else 1. Tree i adds to output i % perRound. */
  readonly perRound: number;
  /** Float32 initial raw score per output. */
  readonly baseScore: Float64Array;
  readonly trees: readonly Tree[];
  readonly features: number;
}

export interface CurvePoint {
  readonly round: number;
  readonly train: number;
  readonly valid?: number;
}

export interface GbdtResult {
  readonly model: GbdtModel;
  /** Loss per round: log loss for classification, RMSE for regression (train: on at most TRAIN_LOSS_ROWS evenly spaced rows). */
  readonly curve: CurvePoint[];
  readonly lossName: 'logloss' | 'rmse';
  /** 1-based number of rounds kept (the best validation round with early stopping). */
  readonly bestRound: number;
  readonly stoppedEarly: boolean;
}

export interface TrainHooks {
  onRound?(point: CurvePoint, rounds: number): void;
  readonly signal?: AbortSignal;
  /** Build large histograms on a second thread when the machine has one (default true). */
  readonly threads?: boolean;
  /** Run the hot loops (histograms, partitions, leaf sums) in WebAssembly (default true; false: the JavaScript ones, same model). */
  readonly wasm?: boolean;
}

const EPS = 1e-15;

function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

function baseScores(task: GbdtTask, y: Float64Array, classes: number): Float64Array {
  const n = y.length;
  if (task === 'regression') {
    let s = 0;
    for (let i = 0; i < n; i++) s += y[i] ?? 0;
    return Float64Array.of(Math.fround(n > 0 ? s / n : 0));
  }
  const counts = new Float64Array(classes);
  for (let i = 0; i < n; i++) counts[y[i] ?? 0] = (counts[y[i] ?? 0] ?? 0) + 1;
  const prior = (k: number) => Math.min(1 - EPS, Math.max(EPS, (counts[k] ?? 0) / Math.max(1, n)));
  if (task === 'binary') return Float64Array.of(Math.fround(Math.log(prior(1) / (1 - prior(1)))));
  return Float64Array.from({ length: classes }, (_, k) => Math.fround(Math.log(prior(k))));
}

/**
 * Mean loss of raw scores: binary/multiclass log loss, or RMSE. With `stride` > 1, over every
 * stride-th row only (the training curve of a large table: an evenly spread sample).
 */
export function rawLoss(task: GbdtTask, raw: Float64Array, y: Float64Array, perRound: number, stride = 1): number {
  const n = y.length;
  if (n === 0) return NaN;
  const m = Math.ceil(n / stride);
  let s = 0;
  if (task === 'regression') {
    for (let i = 0; i < n; i += stride) s += ((raw[i] ?? 0) - (y[i] ?? 0)) ** 2;
    return Math.sqrt(s / m);
  }
  if (task === 'binary') {
    for (let i = 0; i < n; i += stride) {
      const z = raw[i] ?? 0;
      s += softplus(z) - (y[i] ?? 0) * z;
    }
    return s / m;
  }
  for (let i = 0; i < n; i += stride) {
    let mx = -Infinity;
    for (let k = 0; k < perRound; k++) mx = Math.max(mx, raw[i * perRound + k] ?? 0);
    let se = 0;
    for (let k = 0; k < perRound; k++) se += Math.exp((raw[i * perRound + k] ?? 0) - mx);
    s += mx + Math.log(se) - (raw[i * perRound + (y[i] ?? 0)] ?? 0);
  }
  return s / m;
}

/** Rows the training loss of a round is computed on, at most; more rows are sampled evenly. */
export const TRAIN_LOSS_ROWS = 200_000;

/** Gradients and hessians of the loss at the current raw scores, for the next tree. */
function computeGradients(task: GbdtTask, raw: Float64Array, y: Float64Array, perRound: number, grad: Float64Array[], hess: Float64Array[]): void {
  const n = y.length;
  const g0 = grad[0] ?? new Float64Array(0);
  const h0 = hess[0] ?? new Float64Array(0);
  // Once per row and round: indices are in range by construction.
  if (task === 'regression') {
    for (let i = 0; i < n; i++) g0[i] = raw[i]! - y[i]!;
    h0.fill(1);
    return;
  }
  if (task === 'binary') {
    for (let i = 0; i < n; i++) {
      const p = sigmoid(raw[i]!);
      g0[i] = p - y[i]!;
      h0[i] = p * (1 - p);
    }
    return;
  }
  const p = new Float64Array(perRound);
  for (let i = 0; i < n; i++) {
    let mx = -Infinity;
    for (let k = 0; k < perRound; k++) mx = Math.max(mx, raw[i * perRound + k]!);
    let se = 0;
    for (let k = 0; k < perRound; k++) {
      const e = Math.exp(raw[i * perRound + k]! - mx);
      p[k] = e;
      se += e;
    }
    const yi = y[i]!;
    for (let k = 0; k < perRound; k++) {
      const pk = p[k]! / se;
      grad[k]![i] = pk - (yi === k ? 1 : 0);
      hess[k]![i] = pk * (1 - pk);
    }
  }
}

function addTreeBinned(tree: Tree, m: BinnedMatrix, missingBin: number, raw: Float64Array, perRound: number, k: number): void {
  for (let r = 0; r < m.rows; r++) {
    const leaf = leafOfBinnedRow(tree, m.bins, r * m.features, missingBin);
    raw[r * perRound + k] = (raw[r * perRound + k] ?? 0) + (tree.values[leaf] ?? 0);
  }
}

function validateParams(p: GbdtParams): void {
  const bad = (field: string, why: string) => new RangeError(`${field}: ${why}`);
  if (!(p.learningRate > 0)) throw bad('learningRate', 'must be > 0');
  if (!(p.rounds >= 1)) throw bad('rounds', 'must be ≥ 1');
  if (!(p.maxLeaves >= 2)) throw bad('maxLeaves', 'must be ≥ 2');
  if (!(p.minSamplesLeaf >= 1)) throw bad('minSamplesLeaf', 'must be ≥ 1');
  if (!(p.rowSubsample > 0 && p.rowSubsample <= 1)) throw bad('rowSubsample', 'must be in (0, 1]');
  if (!(p.colSubsample > 0 && p.colSubsample <= 1)) throw bad('colSubsample', 'must be in (0, 1]');
}

/**
 * Histogram gradient boosting. Features are binned once; each round grows one tree per output
 * on gradient/hessian histograms (log loss for binary, softmax for multiclass, L2 for regression).
 * A generator yielding after each round, so an async caller can let other work (and aborts) in.
 */
export function* boostRounds(
  task: GbdtTask, classes: number, train: Dataset, valid: Dataset | undefined, params: GbdtParams, hooks: TrainHooks = {},
): Generator<CurvePoint, GbdtResult, void> {
  validateParams(params);
  if (task === 'multiclass' && classes < 3) throw new RangeError('multiclass needs at least 3 classes; use binary for 2');
  const n = train.rows;
  const nf = train.features;
  const perRound = task === 'multiclass' ? classes : 1;
  const mapper: BinMapper = fitBins(train.x, n, nf, params.maxBins, params.seed);
  // The hot loop's buffers live in WebAssembly memory (hist-arena.ts), where a second thread
  // can share them when there are many rows.
  const arena = hooks.wasm === false ? null : HistArena.create(n, nf, perRound);
  const binned = applyBins(mapper, train.x, n, nf, arena?.bins);
  arena?.transposeBins();
  const vbinned = valid && valid.rows > 0 ? applyBins(mapper, valid.x, valid.rows, valid.features) : undefined;
  const base = baseScores(task, train.y, classes);
  const raw = arena ? arena.raw : new Float64Array(n * perRound);
  for (let i = 0; i < raw.length; i++) raw[i] = base[i % perRound] ?? 0;
  const vraw = new Float64Array((vbinned?.rows ?? 0) * perRound);
  for (let i = 0; i < vraw.length; i++) vraw[i] = base[i % perRound] ?? 0;

  const grad = arena ? [...arena.grad] : Array.from({ length: perRound }, () => new Float64Array(n));
  const hess = arena ? [...arena.hess] : Array.from({ length: perRound }, () => new Float64Array(n));
  const rows = arena ? arena.rows : new Uint32Array(n);
  const sampleRows = new Uint32Array(n);
  const scratch = new GrowScratch(n, nf);
  scratch.arena = arena;
  scratch.helper = arena && (hooks.threads ?? true) && histWorkerWorthwhile(n) ? startHistWorker(arena) : null;
  const rng = new Rng(params.seed);
  const grow: GrowOptions = {
    maxLeaves: params.maxLeaves, maxDepth: params.maxDepth, minSamplesLeaf: params.minSamplesLeaf,
    l2: params.l2, learningRate: params.learningRate,
  };
  const allFeats = Int32Array.from({ length: nf }, (_, j) => j);
  const trees: Tree[] = [];
  const curve: CurvePoint[] = [];
  const lossName = task === 'regression' ? 'rmse' : 'logloss';
  let best = Infinity;
  let bestRound = 0;
  let stoppedEarly = false;
  const patience = vbinned ? params.earlyStoppingRounds : undefined;

  try {
    const lossStride = Math.ceil(n / TRAIN_LOSS_ROWS);
    for (let round = 1; round <= params.rounds; round++) {
      hooks.signal?.throwIfAborted();
      computeGradients(task, raw, train.y, perRound, grad, hess);
      let nRows = n;
      if (params.rowSubsample < 1) {
        nRows = Math.max(1, Math.floor(n * params.rowSubsample));
        sampleRows.set(rng.sample(n, nRows).sort());
      } else {
        for (let i = 0; i < n; i++) sampleRows[i] = i;
      }
      const feats = params.colSubsample < 1 ? rng.sample(nf, Math.max(1, Math.ceil(nf * params.colSubsample))).sort() : allFeats;
      for (let k = 0; k < perRound; k++) {
        rows.set(sampleRows.subarray(0, nRows));
        const { tree, leaves } = growTree(binned, mapper, grad[k] ?? new Float64Array(n), hess[k] ?? new Float64Array(n), rows, nRows, feats, grow, scratch);
        trees.push(tree);
        if (nRows === n) {
          for (const leaf of leaves) {
            const v = tree.values[leaf.node] ?? 0;
            if (arena) {
              arena.addLeaf(leaf.start, leaf.end, k, v);
              continue;
            }
            for (let i = leaf.start; i < leaf.end; i++) {
              const r = rows[i] ?? 0;
              raw[r * perRound + k] = (raw[r * perRound + k] ?? 0) + v;
            }
          }
        } else {
          addTreeBinned(tree, binned, mapper.missingBin, raw, perRound, k);
        }
        if (vbinned) addTreeBinned(tree, vbinned, mapper.missingBin, vraw, perRound, k);
      }
      const trainLoss = rawLoss(task, raw, train.y, perRound, lossStride);
      const point: CurvePoint = vbinned && valid ? { round, train: trainLoss, valid: rawLoss(task, vraw, valid.y, perRound) } : { round, train: trainLoss };
      curve.push(point);
      hooks.onRound?.(point, params.rounds);
      yield point;
      const monitored = point.valid ?? point.train;
      if (monitored < best - 1e-12) {
        best = monitored;
        bestRound = round;
      }
      if (patience !== undefined && round - bestRound >= patience) {
        stoppedEarly = true;
        break;
      }
    }
  } finally {
    scratch.helper?.close();
  }
  const kept = patience !== undefined ? bestRound : curve.length;
  return {
    model: { task, classes: task === 'regression' ? 1 : classes, perRound, baseScore: base, trees: trees.slice(0, kept * perRound), features: nf },
    curve,
    lossName,
    bestRound: kept,
    stoppedEarly,
  };
}

export function trainGbdt(
  task: GbdtTask, classes: number, train: Dataset, valid: Dataset | undefined, params: GbdtParams, hooks: TrainHooks = {},
): GbdtResult {
  const rounds = boostRounds(task, classes, train, valid, params, hooks);
  for (;;) {
    const step = rounds.next();
    if (step.done) return step.value;
  }
}

/** trainGbdt that yields to the event loop between rounds (in-process trials run side by side). */
export async function trainGbdtAsync(
  task: GbdtTask, classes: number, train: Dataset, valid: Dataset | undefined, params: GbdtParams, hooks: TrainHooks = {},
): Promise<GbdtResult> {
  const rounds = boostRounds(task, classes, train, valid, params, hooks);
  for (;;) {
    const step = rounds.next();
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Raw scores (before the link function), rows × perRound, from a raw float matrix. */
export function predictRaw(model: GbdtModel, x: Float64Array, rows: number): Float64Array {
  const K = model.perRound;
  const nf = model.features;
  const out = new Float64Array(rows * K);
  model.trees.forEach((tree, t) => {
    const k = t % K;
    for (let r = 0; r < rows; r++) {
      const leaf = leafOfRow(tree, x, r * nf);
      out[r * K + k] = (out[r * K + k] ?? 0) + (tree.values[leaf] ?? 0);
    }
  });
  for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) + (model.baseScore[i % K] ?? 0);
  return out;
}

/**
 * Predictions: class probabilities (rows × classes) for classifiers, values (rows) for
 * regression.
 */
export function predictGbdt(model: GbdtModel, x: Float64Array, rows: number): Float64Array {
  const raw = predictRaw(model, x, rows);
  if (model.task === 'regression') return raw;
  if (model.task === 'binary') {
    const out = new Float64Array(rows * 2);
    for (let r = 0; r < rows; r++) {
      const p = sigmoid(raw[r] ?? 0);
      out[r * 2] = 1 - p;
      out[r * 2 + 1] = p;
    }
    return out;
  }
  const K = model.perRound;
  const out = new Float64Array(rows * K);
  for (let r = 0; r < rows; r++) {
    let mx = -Infinity;
    for (let k = 0; k < K; k++) mx = Math.max(mx, raw[r * K + k] ?? 0);
    let se = 0;
    for (let k = 0; k < K; k++) se += Math.exp((raw[r * K + k] ?? 0) - mx);
    for (let k = 0; k < K; k++) out[r * K + k] = Math.exp((raw[r * K + k] ?? 0) - mx) / se;
  }
  return out;
}
