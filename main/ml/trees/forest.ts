import type { BinMapper, BinnedMatrix } from './binning';
import { applyBins, fitBins } from './binning';
import type { Dataset } from './gbdt';
import { Rng } from './rng';
import type { Tree } from './tree';
import { TreeBuilder, leafOfRow } from './tree';

export type ForestTask = 'classification' | 'regression';

export interface ForestParams {
  readonly trees: number;
  /** -1 for no limit (grow until leaves are pure or too small). */
  readonly maxDepth: number;
  readonly minSamplesLeaf: number;
  /** Features tried per split: 'sqrt', 'log2', 'all', or a fraction in (0, 1]. */
  readonly maxFeatures: 'sqrt' | 'log2' | 'all' | number;
  readonly bootstrap: boolean;
  readonly maxBins: number;
  readonly seed: number;
}

/**
 * A random forest. Each tree's leaves already hold its share of the average (probabilities or
 * values divided by the number of trees), so a prediction is a plain sum over trees: the same
 * sum ONNX's TreeEnsemble computes with post_transform NONE.
 */
export interface ForestModel {
  readonly task: ForestTask;
  /** Number of classes; 1 for regression. */
  readonly classes: number;
  readonly trees: readonly Tree[];
  readonly features: number;
}

export interface ForestHooks {
  onTree?(done: number, total: number): void;
  readonly signal?: AbortSignal;
}

interface Node {
  id: number;
  start: number;
  end: number;
  depth: number;
}

interface Split {
  score: number;
  feature: number;
  bin: number;
  missingLeft: boolean;
}

export function featuresPerSplit(maxFeatures: ForestParams['maxFeatures'], features: number): number {
  if (maxFeatures === 'all') return features;
  if (maxFeatures === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(features)));
  if (maxFeatures === 'log2') return Math.max(1, Math.floor(Math.log2(features)));
  if (!(maxFeatures > 0 && maxFeatures <= 1)) throw new RangeError(`maxFeatures: a fraction must be in (0, 1], got ${maxFeatures}`);
  return Math.max(1, Math.floor(maxFeatures * features));
}

/** Grows one tree. Statistics per bin: K weighted class counts (or weight and weighted sum) plus a row count. */
class TreeGrower {
  private readonly stride: number;
  private readonly hist: Float64Array;
  private readonly tmp: Uint32Array;

  constructor(
    private readonly m: BinnedMatrix,
    private readonly mapper: BinMapper,
    private readonly y: Float64Array,
    private readonly task: ForestTask,
    private readonly classes: number,
    private readonly p: ForestParams,
    private readonly mtry: number,
    private readonly scale: number,
  ) {
    // Per bin: classification [c_0..c_K-1, count]; regression [w, wy, count].
    this.stride = task === 'classification' ? classes + 1 : 3;
    this.hist = new Float64Array(mapper.width * this.stride);
    this.tmp = new Uint32Array(m.rows);
  }

  /** Weighted statistics of rows[start, end) in `out` (length stride - 1). */
  private totals(rows: Uint32Array, w: Float64Array, n: Node, out: Float64Array): void {
    out.fill(0);
    for (let i = n.start; i < n.end; i++) {
      const r = rows[i] ?? 0;
      const wr = w[r] ?? 0;
      if (this.task === 'classification') {
        const c = this.y[r] ?? 0;
        out[c] = (out[c] ?? 0) + wr;
      } else {
        out[0] = (out[0] ?? 0) + wr;
        out[1] = (out[1] ?? 0) + wr * (this.y[r] ?? 0);
      }
    }
  }

  /** Sum of squares over weight: the part of the impurity decrease a split changes. */
  private score(s: Float64Array, off: number, totals: Float64Array | null): { w: number; v: number } {
    const K = this.stride - 1;
    if (this.task === 'regression') {
      const wv = totals ? (totals[0] ?? 0) - (s[off] ?? 0) : (s[off] ?? 0);
      const sv = totals ? (totals[1] ?? 0) - (s[off + 1] ?? 0) : (s[off + 1] ?? 0);
      return { w: wv, v: wv > 0 ? (sv * sv) / wv : 0 };
    }
    let wsum = 0;
    let sq = 0;
    for (let k = 0; k < K; k++) {
      const c = totals ? (totals[k] ?? 0) - (s[off + k] ?? 0) : (s[off + k] ?? 0);
      wsum += c;
      sq += c * c;
    }
    return { w: wsum, v: wsum > 0 ? sq / wsum : 0 };
  }

  private bestSplitOnFeature(j: number, rows: Uint32Array, w: Float64Array, n: Node, totals: Float64Array, parent: number, best: Split | null): { split: Split | null; varied: boolean } {
    const { stride, hist } = this;
    const nf = this.m.features;
    const bins = this.m.bins;
    hist.fill(0);
    for (let i = n.start; i < n.end; i++) {
      const r = rows[i] ?? 0;
      const k = (bins[r * nf + j] ?? 0) * stride;
      const wr = w[r] ?? 0;
      if (this.task === 'classification') {
        const c = this.y[r] ?? 0;
        hist[k + c] = (hist[k + c] ?? 0) + wr;
      } else {
        hist[k] = (hist[k] ?? 0) + wr;
        hist[k + 1] = (hist[k + 1] ?? 0) + wr * (this.y[r] ?? 0);
      }
      hist[k + stride - 1] = (hist[k + stride - 1] ?? 0) + 1;
    }
    const valueBins = (this.mapper.edges[j]?.length ?? 0) + 1;
    const mOff = this.mapper.missingBin * stride;
    const cm = hist[mOff + stride - 1] ?? 0;
    let nonEmpty = cm > 0 ? 1 : 0;
    for (let b = 0; b < valueBins; b++) if ((hist[b * stride + stride - 1] ?? 0) > 0) nonEmpty++;
    if (nonEmpty < 2) return { split: best, varied: false };
    const left = new Float64Array(stride);
    const leftM = new Float64Array(stride);
    const count = n.end - n.start;
    const last = cm > 0 ? valueBins - 1 : valueBins - 2;
    for (let b = 0; b <= last; b++) {
      for (let k = 0; k < stride; k++) left[k] = (left[k] ?? 0) + (hist[b * stride + k] ?? 0);
      for (let side = 0; side < (cm > 0 && b < valueBins - 1 ? 2 : 1); side++) {
        const L = side === 1 ? leftM : left;
        if (side === 1) for (let k = 0; k < stride; k++) leftM[k] = (left[k] ?? 0) + (hist[mOff + k] ?? 0);
        const lc = L[stride - 1] ?? 0;
        if (lc < this.p.minSamplesLeaf || count - lc < this.p.minSamplesLeaf) continue;
        const l = this.score(L, 0, null);
        const r = this.score(L, 0, totals);
        if (l.w <= 0 || r.w <= 0) continue;
        const gain = l.v + r.v - parent;
        if (gain > 1e-12 && (best === null || gain > best.score)) {
          best = { score: gain, feature: j, bin: b, missingLeft: cm > 0 ? side === 1 : lc >= count - lc };
        }
      }
    }
    return { split: best, varied: true };
  }

  grow(rows: Uint32Array, nRows: number, w: Float64Array, rng: Rng): Tree {
    const K = this.task === 'classification' ? this.classes : 1;
    const builder = new TreeBuilder(K);
    const nf = this.m.features;
    const stack: Node[] = [{ id: builder.add(), start: 0, end: nRows, depth: 0 }];
    const totals = new Float64Array(this.stride);
    const order = new Int32Array(nf);
    for (;;) {
      const n = stack.pop();
      if (!n) break;
      this.totals(rows, w, n, totals);
      const parent = this.score(totals, 0, null);
      const pure = this.task === 'classification' ? Math.abs(parent.v - parent.w) < 1e-9 * Math.max(1, parent.w) : false;
      let split: Split | null = null;
      const canSplit = !pure && n.end - n.start >= 2 * this.p.minSamplesLeaf && (this.p.maxDepth < 0 || n.depth < this.p.maxDepth);
      if (canSplit) {
        for (let j = 0; j < nf; j++) order[j] = j;
        // Draw features until mtry of them vary within the node (constant ones do not count).
        let tried = 0;
        for (let t = 0; t < nf && tried < this.mtry; t++) {
          const u = t + rng.int(nf - t);
          const j = order[u] ?? 0;
          order[u] = order[t] ?? 0;
          order[t] = j;
          const res = this.bestSplitOnFeature(j, rows, w, n, totals, parent.v, split);
          split = res.split;
          if (res.varied) tried++;
        }
      }
      if (!split) {
        const leaf = new Float64Array(K);
        if (this.task === 'classification') for (let k = 0; k < K; k++) leaf[k] = ((totals[k] ?? 0) / (parent.w || 1)) * this.scale;
        else leaf[0] = ((totals[1] ?? 0) / ((totals[0] ?? 0) || 1)) * this.scale;
        builder.setLeaf(n.id, leaf);
        continue;
      }
      const mid = this.partition(rows, n, split);
      const edges = this.mapper.edges[split.feature];
      const threshold = split.bin < (edges?.length ?? 0) ? (edges?.[split.bin] ?? 3.4e38) : 3.4e38;
      const ids = builder.split(n.id, split.feature, split.bin, threshold, split.missingLeft);
      stack.push({ id: ids.right, start: mid, end: n.end, depth: n.depth + 1 });
      stack.push({ id: ids.left, start: n.start, end: mid, depth: n.depth + 1 });
    }
    return builder.build();
  }

  private partition(rows: Uint32Array, n: Node, s: Split): number {
    const nf = this.m.features;
    let nl = n.start;
    let nr = 0;
    for (let i = n.start; i < n.end; i++) {
      const r = rows[i] ?? 0;
      const b = this.m.bins[r * nf + s.feature] ?? 0;
      const goLeft = b === this.mapper.missingBin ? s.missingLeft : b <= s.bin;
      if (goLeft) rows[nl++] = r;
      else this.tmp[nr++] = r;
    }
    rows.set(this.tmp.subarray(0, nr), nl);
    return nl;
  }
}

/** Grows the forest tree by tree, yielding after each (see boostRounds for why). */
export function* growForest(task: ForestTask, classes: number, data: Dataset, params: ForestParams, hooks: ForestHooks = {}): Generator<number, ForestModel, void> {
  if (!(params.trees >= 1)) throw new RangeError('trees: must be ≥ 1');
  if (!(params.minSamplesLeaf >= 1)) throw new RangeError('minSamplesLeaf: must be ≥ 1');
  const n = data.rows;
  const nf = data.features;
  const mapper = fitBins(data.x, n, nf, params.maxBins, params.seed);
  const binned = applyBins(mapper, data.x, n, nf);
  const mtry = featuresPerSplit(params.maxFeatures, nf);
  const grower = new TreeGrower(binned, mapper, data.y, task, classes, params, mtry, 1 / params.trees);
  const rng = new Rng(params.seed);
  const rows = new Uint32Array(n);
  const w = new Float64Array(n);
  const trees: Tree[] = [];
  for (let t = 0; t < params.trees; t++) {
    hooks.signal?.throwIfAborted();
    const treeRng = new Rng(rng.fork());
    let nRows = n;
    if (params.bootstrap) {
      w.fill(0);
      for (let i = 0; i < n; i++) {
        const r = treeRng.int(n);
        w[r] = (w[r] ?? 0) + 1;
      }
      nRows = 0;
      for (let r = 0; r < n; r++) if ((w[r] ?? 0) > 0) rows[nRows++] = r;
    } else {
      w.fill(1);
      for (let r = 0; r < n; r++) rows[r] = r;
    }
    trees.push(grower.grow(rows, nRows, w, treeRng));
    hooks.onTree?.(t + 1, params.trees);
    yield t + 1;
  }
  return { task, classes: task === 'classification' ? classes : 1, trees, features: nf };
}

export function trainForest(task: ForestTask, classes: number, data: Dataset, params: ForestParams, hooks: ForestHooks = {}): ForestModel {
  const trees = growForest(task, classes, data, params, hooks);
  for (;;) {
    const step = trees.next();
    if (step.done) return step.value;
  }
}

export async function trainForestAsync(task: ForestTask, classes: number, data: Dataset, params: ForestParams, hooks: ForestHooks = {}): Promise<ForestModel> {
  const trees = growForest(task, classes, data, params, hooks);
  for (;;) {
    const step = trees.next();
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Class probabilities (rows × classes) or values (rows): the sum of each tree's share. */
export function predictForest(model: ForestModel, x: Float64Array, rows: number): Float64Array {
  const K = model.classes;
  const out = new Float64Array(rows * K);
  for (const tree of model.trees) {
    for (let r = 0; r < rows; r++) {
      const leaf = leafOfRow(tree, x, r * model.features);
      for (let k = 0; k < K; k++) out[r * K + k] = (out[r * K + k] ?? 0) + (tree.values[leaf * K + k] ?? 0);
    }
  }
  return out;
}
