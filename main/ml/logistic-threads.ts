import { HelperThread, hasSecondCore } from './helper-thread';
import type { Matrix } from './linear';
import { logLossRange } from './logistic';

/**
 * A second thread for train.logistic's objective on large tables: it sums the log loss and
 * gradient of the second half of the rows while the caller does the first. The matrix and
 * labels are copied once into SharedArrayBuffers; each evaluation hands over θ (helper-thread.ts).
 * The thread runs logistic.ts's logLossRange by its own source text, so both halves compute
 * the same way.
 */

/** Below this many matrix cells the hand-off and the copy cost more than a second core saves. */
const MIN_CELLS = 2_000_000;

export interface LossHelper {
  /** Loss summed over every row at θ, gradient (unscaled) added into `grad`. */
  run(theta: Float64Array, grad: Float64Array): number;
  close(): void;
}

export function lossThreadsWorthwhile(rows: number, cols: number): boolean {
  return rows * cols >= MIN_CELLS && hasSecondCore();
}

export function startLossHelper(x: Matrix, y: Int32Array, k: number): LossHelper {
  const size = k * (x.cols + 1);
  const data = new Float64Array(new SharedArrayBuffer(x.data.byteLength));
  data.set(x.data);
  const labels = new Int32Array(new SharedArrayBuffer(y.byteLength));
  labels.set(y);
  const theta = new Float64Array(new SharedArrayBuffer(size * 8));
  // [loss, gradient…] of the thread's half.
  const out = new Float64Array(new SharedArrayBuffer((size + 1) * 8));
  const mid = x.rows >>> 1;
  const thread = new HelperThread(
    `
  const logLossRange = ${logLossRange.toString()};
  const grad = data.out.subarray(1);
  function handle() {
    grad.fill(0);
    data.out[0] = logLossRange(data.theta, data.x, data.cols, data.y, data.k, data.start, data.end, grad);
  }`,
    { x: data, cols: x.cols, y: labels, k, start: mid, end: x.rows, theta, out },
    'logistic regression',
  );
  return {
    run(t, grad) {
      theta.set(t);
      let loss = thread.run([], () => logLossRange(t, data, x.cols, labels, k, 0, mid, grad));
      loss += out[0]!;
      for (let i = 0; i < grad.length; i++) grad[i]! += out[i + 1]!;
      return loss;
    },
    close: () => thread.close(),
  };
}
