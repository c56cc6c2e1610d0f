import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { HistArena } from './hist-arena';
import { histogramModule } from './hist-arena';

/**
 * A second thread for building gradient histograms, the hot loop of boosting. Rows of a large
 * node are split in two: the worker adds the second half into its own scratch histogram while
 * the caller does the first, then the caller sums both. Both run histogram.wat's kernel on the
 * same shared WebAssembly memory (hist-arena.ts); the hand-off is two counters and
 * Atomics.wait/notify, so it also works from the synchronous trainer.
 */

/** Nodes with fewer rows are built on the calling thread: the hand-off costs more than it saves. */
export const PARALLEL_MIN_ROWS = 5_000;
/** Far above any half-node build (a few hundredths of a second for 1M rows × 20 features). */
const WORKER_TIMEOUT_MS = 120_000;

/**
 * The worker's program. Control words: [0] request sequence (−1: exit), [1] done sequence,
 * [2] start, [3] end, [4] output, [5] feature count.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
function serve({ ctrl, memory, module, layout }) {
  const { histogram } = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const hist = new Float64Array(memory.buffer, layout.helperHist, layout.features << 10);
  let seen = 0;
  for (;;) {
    Atomics.wait(ctrl, 0, seen);
    const seq = Atomics.load(ctrl, 0);
    if (seq < 0) return;
    seen = seq;
    hist.fill(0);
    const k = ctrl[4];
    histogram(layout.helperHist, layout.bins, layout.features, layout.rows, ctrl[2], ctrl[3], layout.grad[k], layout.hess[k], layout.feats, ctrl[5]);
    Atomics.store(ctrl, 1, seq);
    Atomics.notify(ctrl, 1);
  }
}
serve(workerData);
`;

export interface HistHelper {
  /**
   * Adds rows[start, end) of output k into the arena's `hist` (the caller's scratch, which it
   * cleared) with the worker's help. Returns false, doing nothing, when the node is too small
   * to share.
   */
  build(start: number, end: number, k: number, nt: number): boolean;
  close(): void;
}

/** Whether a second thread can help: two or more cores and enough rows. */
export function histWorkerWorthwhile(rows: number): boolean {
  return rows >= 2 * PARALLEL_MIN_ROWS && availableParallelism() >= 2;
}

/** Starts the worker on the arena's memory. */
export function startHistWorker(arena: HistArena): HistHelper {
  const ctrl = new Int32Array(new SharedArrayBuffer(8 * 4));
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ctrl, memory: arena.memory, module: histogramModule(), layout: arena.layout } });
  worker.unref();
  let seq = 0;
  return {
    build(start, end, k, nt) {
      if (end - start < 2 * PARALLEL_MIN_ROWS) return false;
      const mid = (start + end) >>> 1;
      ctrl[2] = mid;
      ctrl[3] = end;
      ctrl[4] = k;
      ctrl[5] = nt;
      Atomics.store(ctrl, 0, ++seq);
      Atomics.notify(ctrl, 0);
      arena.add(start, mid, k);
      const t0 = Date.now();
      for (;;) {
        const done = Atomics.load(ctrl, 1);
        if (done === seq) break;
        // A worker that died (out of memory) would leave this thread waiting for ever.
        if (Atomics.wait(ctrl, 1, done, 1000) === 'timed-out' && Date.now() - t0 > WORKER_TIMEOUT_MS) {
          throw new Error(`the histogram worker did not answer within ${WORKER_TIMEOUT_MS / 1000} s`);
        }
      }
      const hist = arena.hist;
      const other = arena.helperHist;
      for (let i = 0; i < hist.length; i++) hist[i]! += other[i]!;
      return true;
    },
    close() {
      Atomics.store(ctrl, 0, -1);
      Atomics.notify(ctrl, 0);
      void worker.terminate();
    },
  };
}
