import { HISTOGRAM_WASM_BASE64 } from './histogram-wasm';

/**
 * The buffers gradient boosting reads in its hot loop (binned matrix, row order, gradients,
 * hessians, feature list) and two scratch histograms, laid out in one shared WebAssembly
 * memory, plus the histogram kernel of histogram.wat compiled against it. The kernel adds rows
 * straight from these buffers; a helper thread (hist-workers.ts) can share the same memory.
 */

/** The histogram layout of grow.ts: feature j, bin b at ((j << 8) | b) << 2. */
export const histLength = (features: number): number => features << 10;

const PAGE = 65536;
/** wasm32 addresses 4 GiB; stay well below so a memory of this size is likely to be granted. */
const MAX_BYTES = 3 * 1024 ** 3;

type KernelFn = (
  hist: number, bins: number, nf: number, rows: number, start: number, end: number,
  grad: number, hess: number, feats: number, nt: number,
) => void;

let compiled: WebAssembly.Module | undefined;
export function histogramModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(Buffer.from(HISTOGRAM_WASM_BASE64, 'base64'));
  return compiled;
}

/** The kernel bound to a memory (on this thread or a helper's). */
export function instantiateKernel(module: WebAssembly.Module, memory: WebAssembly.Memory): KernelFn {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const fn = instance.exports.histogram;
  if (typeof fn !== 'function') throw new Error('histogram.wasm exports no histogram function');
  return fn as KernelFn;
}

/** Byte offsets of the arena's buffers, as a helper thread needs them. */
export interface ArenaLayout {
  readonly bins: number;
  readonly rows: number;
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
  /** Row indices, reordered leaf by leaf as a tree grows. */
  readonly rows: Uint32Array;
  /** Per output (K for multiclass, else 1). */
  readonly grad: readonly Float64Array[];
  readonly hess: readonly Float64Array[];
  /** The features a histogram covers (all, or this round's column sample). */
  readonly feats: Int32Array;
  /** Where this thread's kernel calls add up; cleared and copied out by the caller. */
  readonly hist: Float64Array;
  /** The helper thread's scratch histogram. */
  readonly helperHist: Float64Array;
  private readonly kernel: KernelFn;
  private nt = 0;

  /** Null when the buffers would not fit in one WebAssembly memory (then grow.ts runs its JavaScript kernel). */
  static create(rows: number, features: number, outputs: number): HistArena | null {
    const sizes = [
      rows * features, // bins
      rows * 4, // rows
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
      rows: at(1),
      grad: Array.from({ length: outputs }, (_, k) => at(2 + k)),
      hess: Array.from({ length: outputs }, (_, k) => at(2 + outputs + k)),
      feats: at(2 + 2 * outputs),
      hist: at(3 + 2 * outputs),
      helperHist: at(4 + 2 * outputs),
      features,
    };
    return new HistArena(memory, layout, rows);
  }

  private constructor(memory: WebAssembly.Memory, layout: ArenaLayout, rows: number) {
    this.memory = memory;
    this.layout = layout;
    const buf = memory.buffer;
    const nf = layout.features;
    this.bins = new Uint8Array(buf, layout.bins, rows * nf);
    this.rows = new Uint32Array(buf, layout.rows, rows);
    this.grad = layout.grad.map((o) => new Float64Array(buf, o, rows));
    this.hess = layout.hess.map((o) => new Float64Array(buf, o, rows));
    this.feats = new Int32Array(buf, layout.feats, Math.max(1, nf));
    this.hist = new Float64Array(buf, layout.hist, histLength(nf));
    this.helperHist = new Float64Array(buf, layout.helperHist, histLength(nf));
    this.kernel = instantiateKernel(histogramModule(), memory);
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
    this.kernel(l.hist, l.bins, l.features, l.rows, start, end, l.grad[k] ?? 0, l.hess[k] ?? 0, l.feats, this.nt);
  }
}
