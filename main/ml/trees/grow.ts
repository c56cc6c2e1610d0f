import type { BinMapper, BinnedMatrix } from './binning';
import { featureMajor } from './binning';
import type { HistArena } from './hist-arena';
import type { HistHelper } from './hist-workers';
import type { Tree } from './tree';
import { TreeBuilder } from './tree';

/** How one gradient tree grows (leaf-wise, best gain first, as LightGBM and scikit-learn do). */
export interface GrowOptions {
  readonly maxLeaves: number;
  /** Edges from the root to the deepest leaf; -1 for no limit. */
  readonly maxDepth: number;
  readonly minSamplesLeaf: number;
  readonly l2: number;
  readonly learningRate: number;
}

/** Scratch buffers reused across trees, so boosting does not allocate per round. */
export class GrowScratch {
  readonly tmp: Uint32Array;
  /**
   * Boosting's buffers in WebAssembly memory with its kernels (null: the JavaScript loops
   * below). growTree uses it when given the arena's bins, rows and gradients.
   */
  arena: HistArena | null = null;
  /** A second thread for large histograms (boosting on many rows), if any; needs the arena. */
  helper: HistHelper | null = null;
  private readonly pool: Float64Array[] = [];
  private readonly size: number;
  constructor(rows: number, features: number) {
    this.tmp = new Uint32Array(rows);
    this.size = histSize(features);
  }
  private columns: Uint8Array | null = null;
  /**
   * Feature j's bins, one byte per row: a feature-major copy of the matrix, made on first use
   * (one pass over it; boosting reuses it every round).
   */
  column(m: BinnedMatrix, j: number): Uint8Array {
    this.columns ??= featureMajor(m);
    return this.columns.subarray(j * m.rows, (j + 1) * m.rows);
  }
  take(): Float64Array {
    return this.pool.pop() ?? new Float64Array(this.size);
  }
  give(h: Float64Array): void {
    this.pool.push(h);
  }
}

interface Split {
  gain: number;
  feature: number;
  bin: number;
  missingLeft: boolean;
  /** Gradient and hessian sums of the left child. */
  lg: number;
  lh: number;
}

interface Leaf {
  node: number;
  start: number;
  end: number;
  depth: number;
  g: number;
  h: number;
  hist: Float64Array | null;
  split: Split | null;
}

/** One leaf of a grown tree and the slice of the row buffer it holds. */
export interface LeafRange {
  readonly node: number;
  readonly start: number;
  readonly end: number;
}

const MIN_HESSIAN = 1e-3;
/** A float32 threshold above every value: "all values left, missing right". */
const ABOVE_ALL = Math.fround(3.4028234663852886e38);

/**
 * Histogram layout: feature j, bin b at ((j << 8) | b) << 2 holding [sum g, sum h, count, -].
 * Power-of-two strides keep the hot loop to shifts; it is the innermost loop of training.
 */
export const histSize = (features: number): number => features << 10;

/**
 * Zeroes the bins a feature can use (its value bins and the missing bin). The rest of a
 * feature's 256 slots is never written, so it stays zero in buffers reused from the pool.
 */
function clearHistogram(hist: Float64Array, mapper: BinMapper, feats: Int32Array): void {
  for (let t = 0; t < feats.length; t++) {
    const j = feats[t]!;
    const off = j << 10;
    hist.fill(0, off, off + ((mapper.edges[j]!.length + 1) << 2));
    hist.fill(0, off + (mapper.missingBin << 2), off + (mapper.missingBin << 2) + 4);
  }
}

/**
 * Adds rows[start, end) into `hist` (which the caller cleared): for each row and each of the
 * first `nt` features in `feats`, [g, h, count] into its bin.
 *
 * The innermost loop of training when there is no WebAssembly arena; histogram.wat is the same
 * loop (same order of additions, so the same sums). Two rows per step keeps two independent
 * add chains in flight (about 1.5× faster than one in V8). Indices
 * are in range by construction (histSize, bins < 256), hence the non-null assertions: `?? 0`
 * here costs about a third of training time.
 */
export function histogramKernel(
  hist: Float64Array, bins: Uint8Array, nf: number, rows: Uint32Array, start: number, end: number,
  grad: Float64Array, hess: Float64Array, feats: Int32Array, nt: number,
): void {
  let i = start;
  for (; i + 1 < end; i += 2) {
    const r0 = rows[i]!;
    const r1 = rows[i + 1]!;
    const g0 = grad[r0]!;
    const h0 = hess[r0]!;
    const g1 = grad[r1]!;
    const h1 = hess[r1]!;
    const a = r0 * nf;
    const b = r1 * nf;
    for (let t = 0; t < nt; t++) {
      const j = feats[t]!;
      const k0 = ((j << 8) | bins[a + j]!) << 2;
      const k1 = ((j << 8) | bins[b + j]!) << 2;
      hist[k0]! += g0;
      hist[k0 + 1]! += h0;
      hist[k0 + 2]!++;
      hist[k1]! += g1;
      hist[k1 + 1]! += h1;
      hist[k1 + 2]!++;
    }
  }
  if (i < end) {
    const r = rows[i]!;
    const g = grad[r]!;
    const h = hess[r]!;
    const base = r * nf;
    for (let t = 0; t < nt; t++) {
      const j = feats[t]!;
      const k = ((j << 8) | bins[base + j]!) << 2;
      hist[k]! += g;
      hist[k + 1]! += h;
      hist[k + 2]!++;
    }
  }
}

/** Copies the bins a feature can use (as clearHistogram clears them) from `from` into `to`. */
function copyHistogram(to: Float64Array, from: Float64Array, mapper: BinMapper, feats: Int32Array): void {
  for (let t = 0; t < feats.length; t++) {
    const off = feats[t]! << 10;
    to.set(from.subarray(off, off + ((mapper.edges[feats[t]!]!.length + 1) << 2)), off);
    const mk = off + (mapper.missingBin << 2);
    to.set(from.subarray(mk, mk + 4), mk);
  }
}

/**
 * Nodes with fewer rows take the JavaScript kernel straight into their histogram: for them,
 * clearing and copying the arena's scratch costs more than WebAssembly saves.
 */
const WASM_MIN_ROWS = 2048;

function buildHistogram(
  hist: Float64Array, m: BinnedMatrix, mapper: BinMapper, rows: Uint32Array, start: number, end: number,
  grad: Float64Array, hess: Float64Array, feats: Int32Array, scratch: GrowScratch,
): void {
  const arena = scratch.arena;
  const k = arena && end - start >= WASM_MIN_ROWS && rows === arena.rows && m.bins === arena.bins ? arena.outputOf(grad) : -1;
  if (arena && k >= 0) {
    arena.setFeatures(feats);
    clearHistogram(arena.hist, mapper, feats);
    if (!scratch.helper?.build(start, end, k, feats.length)) arena.add(start, end, k);
    copyHistogram(hist, arena.hist, mapper, feats);
    return;
  }
  clearHistogram(hist, mapper, feats);
  histogramKernel(hist, m.bins, m.features, rows, start, end, grad, hess, feats, feats.length);
}

/**
 * The best split of a leaf, or null. With `sibling`, the leaf's histogram still holds its
 * parent's and becomes parent − sibling here, feature by feature just before the scan (one pass
 * over memory instead of two). A leaf that cannot split returns before that: its histogram is
 * then never read again.
 */
function findSplit(leaf: Leaf, mapper: BinMapper, feats: Int32Array, o: GrowOptions, sibling: Float64Array | null): Split | null {
  const hist = leaf.hist;
  if (!hist) return null;
  const count = leaf.end - leaf.start;
  const minLeaf = o.minSamplesLeaf;
  if (count < 2 * minLeaf) return null;
  if (o.maxDepth >= 0 && leaf.depth >= o.maxDepth) return null;
  const { g: G, h: H } = leaf;
  const lambda = o.l2;
  const parentScore = (G * G) / (H + lambda);
  let bestGain = 1e-12;
  let best: Split | null = null;
  // Runs once per candidate leaf over every bin of every feature: indices are in range by
  // construction (histSize), hence the non-null assertions.
  for (let t = 0; t < feats.length; t++) {
    const j = feats[t]!;
    const valueBins = mapper.edges[j]!.length + 1;
    const off = j << 10;
    const mk = off + (mapper.missingBin << 2);
    if (sibling) {
      const end = off + (valueBins << 2);
      for (let k = off; k < end; k++) hist[k]! -= sibling[k]!;
      for (let k = mk; k < mk + 3; k++) hist[k]! -= sibling[k]!;
    }
    const gm = hist[mk]!;
    const hm = hist[mk + 1]!;
    const cm = hist[mk + 2]!;
    let gl = 0;
    let hl = 0;
    let cl = 0;
    // With missing values present, b = valueBins-1 is the "values left, missing right" split.
    const last = cm > 0 ? valueBins - 1 : valueBins - 2;
    for (let b = 0; b <= last; b++) {
      const k = off + (b << 2);
      const c = hist[k + 2]!;
      if (c === 0 && b > 0) continue; // same partition as the previous bin
      gl += hist[k]!;
      hl += hist[k + 1]!;
      cl += c;
      if (count - cl < minLeaf) break; // the right side only shrinks from here
      // Missing values right (or none), then left.
      for (let side = 0; side < (cm > 0 && b < valueBins - 1 ? 2 : 1); side++) {
        const lg = side === 1 ? gl + gm : gl;
        const lh = side === 1 ? hl + hm : hl;
        const lc = side === 1 ? cl + cm : cl;
        const rc = count - lc;
        if (lc < minLeaf || rc < minLeaf) continue;
        const rh = H - lh;
        if (lh < MIN_HESSIAN || rh < MIN_HESSIAN) continue;
        const rg = G - lg;
        const gain = (lg * lg) / (lh + lambda) + (rg * rg) / (rh + lambda) - parentScore;
        if (gain > bestGain) {
          bestGain = gain;
          best = { gain, feature: j, bin: b, missingLeft: cm > 0 ? side === 1 : lc >= rc, lg, lh };
        }
      }
    }
  }
  return best;
}

/**
 * Stable in-place partition of rows[start, end) by a split; returns the first right index.
 * `column` is the split feature's bins, one byte per row (a column of featureMajor()): a
 * leaf's rows read from it share far fewer cache lines than from the row-major matrix.
 */
function partition(leaf: Leaf, split: Split, column: Uint8Array, missingBin: number, rows: Uint32Array, tmp: Uint32Array): number {
  let nl = leaf.start;
  let nr = 0;
  const { bin, missingLeft } = split;
  // Once per row of the leaf: indices are in range by construction.
  for (let i = leaf.start; i < leaf.end; i++) {
    const r = rows[i]!;
    const b = column[r]!;
    if (b === missingBin ? missingLeft : b <= bin) rows[nl++] = r;
    else tmp[nr++] = r;
  }
  rows.set(tmp.subarray(0, nr), nl);
  return nl;
}

/**
 * Grows one regression tree on gradients and hessians, over rows[0, nRows) of `rows` (which it
 * reorders). Returns the tree and where each leaf's rows ended up in `rows`.
 */
export function growTree(
  m: BinnedMatrix, mapper: BinMapper, grad: Float64Array, hess: Float64Array,
  rows: Uint32Array, nRows: number, feats: Int32Array, o: GrowOptions, scratch: GrowScratch,
): { tree: Tree; leaves: LeafRange[] } {
  const builder = new TreeBuilder(1);
  let G = 0;
  let H = 0;
  for (let i = 0; i < nRows; i++) {
    const r = rows[i] ?? 0;
    G += grad[r] ?? 0;
    H += hess[r] ?? 0;
  }
  const root: Leaf = { node: builder.add(), start: 0, end: nRows, depth: 0, g: G, h: H, hist: scratch.take(), split: null };
  buildHistogram(root.hist ?? scratch.take(), m, mapper, rows, 0, nRows, grad, hess, feats, scratch);
  root.split = findSplit(root, mapper, feats, o, null);
  const open: Leaf[] = [root];
  let leaves = 1;
  while (leaves < o.maxLeaves) {
    let bi = -1;
    for (let i = 0; i < open.length; i++) {
      const s = open[i]?.split;
      if (s && (bi < 0 || s.gain > (open[bi]?.split?.gain ?? 0))) bi = i;
    }
    if (bi < 0) break;
    const leaf = open[bi];
    const split = leaf?.split;
    const parentHist = leaf?.hist;
    if (!leaf || !split || !parentHist) break;
    open.splice(bi, 1);
    const arena = scratch.arena;
    const mid = arena && rows === arena.rows && m.bins === arena.bins
      ? arena.partition(leaf.start, leaf.end, split.feature, split.bin, mapper.missingBin, split.missingLeft)
      : partition(leaf, split, scratch.column(m, split.feature), mapper.missingBin, rows, scratch.tmp);
    const edges = mapper.edges[split.feature];
    const threshold = split.bin < (edges?.length ?? 0) ? (edges?.[split.bin] ?? ABOVE_ALL) : ABOVE_ALL;
    const ids = builder.split(leaf.node, split.feature, split.bin, threshold, split.missingLeft);
    const l: Leaf = { node: ids.left, start: leaf.start, end: mid, depth: leaf.depth + 1, g: split.lg, h: split.lh, hist: null, split: null };
    const r: Leaf = { node: ids.right, start: mid, end: leaf.end, depth: leaf.depth + 1, g: leaf.g - split.lg, h: leaf.h - split.lh, hist: null, split: null };
    leaves++;
    const canSplit = (c: Leaf) => c.end - c.start >= 2 * o.minSamplesLeaf && (o.maxDepth < 0 || c.depth < o.maxDepth);
    if (leaves < o.maxLeaves && (canSplit(l) || canSplit(r))) {
      // Histogram subtraction: build the smaller child, derive the larger one from the parent.
      const [small, large] = l.end - l.start <= r.end - r.start ? [l, r] : [r, l];
      const sh = scratch.take();
      buildHistogram(sh, m, mapper, rows, small.start, small.end, grad, hess, feats, scratch);
      small.hist = sh;
      large.hist = parentHist;
      small.split = findSplit(small, mapper, feats, o, null);
      large.split = findSplit(large, mapper, feats, o, sh);
    } else {
      scratch.give(parentHist);
    }
    open.push(l, r);
  }
  for (const leaf of open) {
    if (leaf.hist) scratch.give(leaf.hist);
    leaf.hist = null;
    const value = -(o.learningRate * leaf.g) / (leaf.h + o.l2 || 1);
    builder.setLeaf(leaf.node, [value]);
  }
  return { tree: builder.build(), leaves: open.map((x) => ({ node: x.node, start: x.start, end: x.end })) };
}
