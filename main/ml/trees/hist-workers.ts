import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * A second thread for building gradient histograms, the hot loop of boosting. Rows of a large
 * node are split in two: the worker fills its own histogram from the second half while the
 * caller does the first, then the caller adds the worker's in. Everything it reads lives in
 * SharedArrayBuffers; the hand-off is two counters and Atomics.wait/notify, so it also works
 * from the synchronous trainer.
 */

/** Nodes with fewer rows are built on the calling thread: the hand-off costs more than it saves. */
export const PARALLEL_MIN_ROWS = 20_000;
/** Far above any half-node build (about 0.1 s for 1M rows × 20 features). */
const WORKER_TIMEOUT_MS = 120_000;

// Plain JS, evaluated in the worker: the same loop as grow.ts's buildHistogram.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { ctrl, bins, rows, grads, hesses, feats, hist, nf } = workerData;
let seen = 0;
for (;;) {
  Atomics.wait(ctrl, 0, seen);
  const seq = Atomics.load(ctrl, 0);
  if (seq < 0) break;
  seen = seq;
  const start = ctrl[2], end = ctrl[3], k = ctrl[4], nt = ctrl[5];
  const g = grads[k], h = hesses[k];
  hist.fill(0);
  for (let i = start; i < end; i++) {
    const r = rows[i], gg = g[r], hh = h[r], base = r * nf;
    for (let t = 0; t < nt; t++) {
      const j = feats[t];
      const x = ((j << 8) | bins[base + j]) << 2;
      hist[x] += gg; hist[x + 1] += hh; hist[x + 2]++;
    }
  }
  Atomics.store(ctrl, 1, seq);
  Atomics.notify(ctrl, 1);
}
`;

export interface HistHelper {
  /**
   * Builds rows[start, end) of output k into `hist` with the worker's help, using `local` for
   * the caller's half. Returns false (doing nothing) when the node is too small to share.
   */
  build(hist: Float64Array, start: number, end: number, grad: Float64Array, feats: Int32Array, local: (hist: Float64Array, start: number, end: number) => void): boolean;
  close(): void;
}

export const shared = {
  f64: (n: number) => new Float64Array(new SharedArrayBuffer(n * 8)),
  u32: (n: number) => new Uint32Array(new SharedArrayBuffer(n * 4)),
  u8: (n: number) => new Uint8Array(new SharedArrayBuffer(n)),
};

/** Whether a second thread can help: two or more cores and enough rows. */
export function histWorkerWorthwhile(rows: number): boolean {
  return rows >= 2 * PARALLEL_MIN_ROWS && availableParallelism() >= 2;
}

/** Starts the worker. All arrays must be backed by SharedArrayBuffers. */
export function startHistWorker(bins: Uint8Array, features: number, rows: Uint32Array, grads: Float64Array[], hesses: Float64Array[]): HistHelper {
  const ctrl = new Int32Array(new SharedArrayBuffer(8 * 4));
  const feats = new Int32Array(new SharedArrayBuffer(Math.max(1, features) * 4));
  const hist = shared.f64(features << 10);
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ctrl, bins, rows, grads, hesses, feats, hist, nf: features } });
  worker.unref();
  let seq = 0;
  return {
    build(target, start, end, grad, fs, local) {
      const k = grads.indexOf(grad);
      if (end - start < 2 * PARALLEL_MIN_ROWS || k < 0) return false;
      const mid = (start + end) >>> 1;
      feats.set(fs);
      ctrl[2] = mid;
      ctrl[3] = end;
      ctrl[4] = k;
      ctrl[5] = fs.length;
      Atomics.store(ctrl, 0, ++seq);
      Atomics.notify(ctrl, 0);
      local(target, start, mid);
      const t0 = Date.now();
      for (;;) {
        const done = Atomics.load(ctrl, 1);
        if (done === seq) break;
        // A worker that died (out of memory) would leave this thread waiting for ever.
        if (Atomics.wait(ctrl, 1, done, 1000) === 'timed-out' && Date.now() - t0 > WORKER_TIMEOUT_MS) {
          throw new Error(`the histogram worker did not answer within ${WORKER_TIMEOUT_MS / 1000} s`);
        }
      }
      for (let i = 0; i < hist.length; i++) target[i]! += hist[i]!;
      return true;
    },
    close() {
      Atomics.store(ctrl, 0, -1);
      Atomics.notify(ctrl, 0);
      void worker.terminate();
    },
  };
}
