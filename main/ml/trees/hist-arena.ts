import { featureMajor } from './binning';
import { HISTOGRAM_WASM_BASE64 } from './histogram-wasm';

/**
 * The buffers gradient boosting reads in its hot loops (binned matrix row- and feature-major,
 * row order, gradients, hessians, feature list) and two scratch histograms, laid out in one
 * shared WebAssembly memory, plus histogram.wat's kernels compiled against it. The kernel adds rows
 * straight from these buffers; a helper thread (hist-workers.ts) can share the same memory.
 */

/** The histogram layout of grow.ts: feature j, bin b at ((j << 8) | b) << 2. */
export const histLength = (features: number): number => features << 10;

const PAGE = 65536;
/** wasm32 addresses 4 GiB; stay well below so a memory of this size is likely to be granted. */
const MAX_BYTES = 3 * 1024 ** 3;

type HistogramFn = (
  hist: number, bins: number, nf: number, rows: number, start: number, end: number,
  grad: number, hess: number, feats: number, nt: number,
) => void;
type PartitionFn = (rows: number, start: number, end: number, col: number, bin: number, missingBin: number, missingLeft: number, tmp: number) => number;
type AddLeafFn = (rows: number, start: number, end: number, raw: number, stride: number, k: number, value: number) => void;

export interface Kernels {
  readonly histogram: HistogramFn;
  readonly partition: PartitionFn;
  readonly addLeaf: AddLeafFn;
}

let compiled: WebAssembly.Module | undefined;
export function histogramModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(Buffer.from(HISTOGRAM_WASM_BASE64, 'base64'));
  return compiled;
}

/** The kernels bound to a memory (on this thread or a helper's). */
export function instantiateKernels(module: WebAssembly.Module, memory: WebAssembly.Memory): Kernels {
  const { histogram, partition, add_leaf: addLeaf } = new WebAssembly.Instance(module, { env: { memory } }).exports;
  if (typeof histogram !== 'function' || typeof partition !== 'function' || typeof addLeaf !== 'function') throw new Error('histogram.wasm lacks one of its functions');
  return { histogram: histogram as HistogramFn, partition: partition as PartitionFn, addLeaf: addLeaf as AddLeafFn };
}

/** Byte offsets of the arena's buffers, as a helper thread needs them. */
export interface ArenaLayout {
  readonly bins: number;
  readonly columns: number;
  readonly rows: number;
  readonly tmp: number;
  readonly raw: number;
  readonly grad: readonly number[];
  readonly hess: readonly number[];
  readonly feats: number;
  readonly hist: number;
  readonly helperHist: number;
  readonly features: number;
}

export class HistArena {
  readonly memory: WebAssembly.Memory;
  readonly layout: ArenaLayout;
  /** Row-major binned matrix, rows × features. */
  readonly bins: Uint8Array;
  /**
   * The same bins feature-major (feature j's at j × rows): partitioning a node reads one
   * feature of its rows, and a column shares far fewer cache lines than the rows do.
   */
  readonly columns: Uint8Array;
  /** Row indices, reordered leaf by leaf as a tree grows. */
  readonly rows: Uint32Array;
  /** Room for the rows that go right in a partition. */
  readonly tmp: Uint32Array;
  /** Raw scores, rows × outputs (output k of row r at r × outputs + k). */
  readonly raw: Float64Array;
  /** Per output (K for multiclass, else 1). */
  readonly grad: readonly Float64Array[];
  readonly hess: readonly Float64Array[];
  /** The features a histogram covers (all, or this round's column sample). */
  readonly feats: Int32Array;
  /** Where this thread's kernel calls add up; cleared and copied out by the caller. */
  readonly hist: Float64Array;
  /** The helper thread's scratch histogram. */
  readonly helperHist: Float64Array;
  private readonly kernels: Kernels;
  private readonly n: number;
  private nt = 0;

  /** Null when the buffers would not fit in one WebAssembly memory (then grow.ts runs its JavaScript kernel). */
  static create(rows: number, features: number, outputs: number): HistArena | null {
    const sizes = [
      rows * features, // bins
      rows * features, // columns
      rows * 4, // rows
      rows * 4, // tmp
      rows * outputs * 8, // raw
      ...Array.from({ length: 2 * outputs }, () => rows * 8), // grad, hess
      Math.max(1, features) * 4, // feats
      histLength(features) * 8, // hist
      histLength(features) * 8, // helperHist
    ];
    const offsets: number[] = [];
    let end = 0;
    for (const size of sizes) {
      end = Math.ceil(end / 8) * 8;
      offsets.push(end);
      end += size;
    }
    if (end > MAX_BYTES) return null;
    const pages = Math.max(1, Math.ceil(end / PAGE));
    let memory: WebAssembly.Memory;
    try {
      memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    } catch {
      return null; // out of address space: the JavaScript kernel needs no single block
    }
    const at = (i: number) => offsets[i] ?? 0;
    const layout: ArenaLayout = {
      bins: at(0),
      columns: at(1),
      rows: at(2),
      tmp: at(3),
      raw: at(4),
      grad: Array.from({ length: outputs }, (_, k) => at(5 + k)),
      hess: Array.from({ length: outputs }, (_, k) => at(5 + outputs + k)),
      feats: at(5 + 2 * outputs),
      hist: at(6 + 2 * outputs),
      helperHist: at(7 + 2 * outputs),
      features,
    };
    return new HistArena(memory, layout, rows);
  }

  private constructor(memory: WebAssembly.Memory, layout: ArenaLayout, rows: number) {
    this.memory = memory;
    this.layout = layout;
    const buf = memory.buffer;
    const nf = layout.features;
    this.n = rows;
    this.bins = new Uint8Array(buf, layout.bins, rows * nf);
    this.columns = new Uint8Array(buf, layout.columns, rows * nf);
    this.rows = new Uint32Array(buf, layout.rows, rows);
    this.tmp = new Uint32Array(buf, layout.tmp, rows);
    this.raw = new Float64Array(buf, layout.raw, rows * layout.grad.length);
    this.grad = layout.grad.map((o) => new Float64Array(buf, o, rows));
    this.hess = layout.hess.map((o) => new Float64Array(buf, o, rows));
    this.feats = new Int32Array(buf, layout.feats, Math.max(1, nf));
    this.hist = new Float64Array(buf, layout.hist, histLength(nf));
    this.helperHist = new Float64Array(buf, layout.helperHist, histLength(nf));
    this.kernels = instantiateKernels(histogramModule(), memory);
  }

  /** Fills `columns` from `bins`; call once the bins are written. */
  transposeBins(): void {
    featureMajor({ bins: this.bins, rows: this.n, features: this.layout.features }, this.columns);
  }

  /**
   * Stable partition of rows[start, end) by feature j: bins ≤ `bin` (and missing ones when
   * `missingLeft`) first. Returns the first index of the right side.
   */
  partition(start: number, end: number, j: number, bin: number, missingBin: number, missingLeft: boolean): number {
    const l = this.layout;
    const left = this.kernels.partition(l.rows, start, end, l.columns + j * this.n, bin, missingBin, missingLeft ? 1 : 0, l.tmp);
    const mid = start + left;
    this.rows.set(this.tmp.subarray(0, end - mid), mid);
    return mid;
  }

  /** raw[rows[i] × outputs + k] += value for i in [start, end). */
  addLeaf(start: number, end: number, k: number, value: number): void {
    const l = this.layout;
    this.kernels.addLeaf(l.rows, start, end, l.raw, l.grad.length, k, value);
  }

  /** Sets the features histograms cover until the next call. */
  setFeatures(feats: Int32Array): void {
    this.feats.set(feats);
    this.nt = feats.length;
  }

  /** Index of an output's gradient array, or -1 when it is not one of the arena's. */
  outputOf(grad: Float64Array): number {
    return this.grad.indexOf(grad);
  }

  /** Adds rows[start, end) of output k into `hist` (this thread's scratch). */
  add(start: number, end: number, k: number): void {
    const l = this.layout;
    this.kernels.histogram(l.hist, l.bins, l.features, l.rows, start, end, l.grad[k] ?? 0, l.hess[k] ?? 0, l.feats, this.nt);
  }
}
