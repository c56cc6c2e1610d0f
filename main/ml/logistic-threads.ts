import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Matrix } from './linear';
import { logLossRange } from './logistic';

/**
 * A second thread for train.logistic's objective on large tables: it sums the log loss and
 * gradient of the second half of the rows while the caller does the first. The matrix and
 * labels are copied once into SharedArrayBuffers; each evaluation hands over θ and two
 * counters (Atomics.wait/notify, so the synchronous L-BFGS loop can use it). The worker runs
 * logistic.ts's logLossRange by its own source text, so both halves compute the same way.
 */

/** Below this many matrix cells the hand-off and the copy cost more than a second core saves. */
const MIN_CELLS = 2_000_000;
/** Far above one half-evaluation (about 50 ms for 1M rows × 20 columns). */
const WORKER_TIMEOUT_MS = 120_000;

export interface LossHelper {
  /** Loss summed over every row at θ, gradient (unscaled) added into `grad`. */
  run(theta: Float64Array, grad: Float64Array): number;
  close(): void;
}

export function lossThreadsWorthwhile(rows: number, cols: number): boolean {
  return rows * cols >= MIN_CELLS && availableParallelism() >= 2;
}

// Control words: [0] request sequence (−1: exit), [1] done sequence.
const workerSource = (): string => `
const { workerData } = require('node:worker_threads');
const logLossRange = ${logLossRange.toString()};
function serve({ ctrl, data, cols, y, k, start, end, theta, out }) {
  let seen = 0;
  for (;;) {
    Atomics.wait(ctrl, 0, seen);
    const seq = Atomics.load(ctrl, 0);
    if (seq < 0) return;
    seen = seq;
    const grad = out.subarray(1);
    grad.fill(0);
    out[0] = logLossRange(theta, data, cols, y, k, start, end, grad);
    Atomics.store(ctrl, 1, seq);
    Atomics.notify(ctrl, 1);
  }
}
serve(workerData);
`;

export function startLossHelper(x: Matrix, y: Int32Array, k: number): LossHelper {
  const size = k * (x.cols + 1);
  const data = new Float64Array(new SharedArrayBuffer(x.data.byteLength));
  data.set(x.data);
  const labels = new Int32Array(new SharedArrayBuffer(y.byteLength));
  labels.set(y);
  const theta = new Float64Array(new SharedArrayBuffer(size * 8));
  const out = new Float64Array(new SharedArrayBuffer((size + 1) * 8));
  const ctrl = new Int32Array(new SharedArrayBuffer(4 * 4));
  const mid = x.rows >>> 1;
  const worker = new Worker(workerSource(), { eval: true, workerData: { ctrl, data, cols: x.cols, y: labels, k, start: mid, end: x.rows, theta, out } });
  worker.unref();
  let seq = 0;
  return {
    run(t, grad) {
      theta.set(t);
      Atomics.store(ctrl, 0, ++seq);
      Atomics.notify(ctrl, 0);
      let loss = logLossRange(t, data, x.cols, labels, k, 0, mid, grad);
      const t0 = Date.now();
      for (;;) {
        const done = Atomics.load(ctrl, 1);
        if (done === seq) break;
        // A worker that died (out of memory) would leave this thread waiting for ever.
        if (Atomics.wait(ctrl, 1, done, 1000) === 'timed-out' && Date.now() - t0 > WORKER_TIMEOUT_MS) {
          throw new Error(`the logistic regression worker did not answer within ${WORKER_TIMEOUT_MS / 1000} s`);
        }
      }
      loss += out[0]!;
      for (let i = 0; i < grad.length; i++) grad[i]! += out[i + 1]!;
      return loss;
    },
    close() {
      Atomics.store(ctrl, 0, -1);
      Atomics.notify(ctrl, 0);
      void worker.terminate();
    },
  };
}
