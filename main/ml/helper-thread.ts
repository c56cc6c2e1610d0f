import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * A second thread for a synchronous trainer's hot loop: the caller hands over a request (a few
 * integers), does its own share, then waits for the thread's share. Everything both read lives
 * in shared memory; the hand-off is control words and Atomics.wait/notify, so it works from
 * code that never yields to the event loop (boosting rounds, L-BFGS iterations).
 *
 * Control words: [0] request sequence (−1: exit), [1] done sequence, [2…] the request's arguments.
 */

/** Far above any one share of work (tens of milliseconds); only a dead thread gets here. */
const TIMEOUT_MS = 120_000;
const ARGS = 6;

/** Whether the machine has a second core for a helper thread. */
export const hasSecondCore = (): boolean => availableParallelism() >= 2;

export class HelperThread {
  private readonly ctrl = new Int32Array(new SharedArrayBuffer((2 + ARGS) * 4));
  private readonly worker: Worker;
  private seq = 0;

  /**
   * `setup`: JavaScript run once in the thread with `data` (= `workerData`) in scope; it must
   * define `function handle(args)`, which does the thread's share of a request (`args` are the
   * integers passed to `run`).
   */
  constructor(
    setup: string,
    workerData: Record<string, unknown>,
    private readonly what: string,
  ) {
    const source = `
const { workerData } = require('node:worker_threads');
function serve(ctrl, data) {
${setup}
  const args = ctrl.subarray(2);
  let seen = 0;
  for (;;) {
    Atomics.wait(ctrl, 0, seen);
    const seq = Atomics.load(ctrl, 0);
    if (seq < 0) return;
    seen = seq;
    handle(args);
    Atomics.store(ctrl, 1, seq);
    Atomics.notify(ctrl, 1);
  }
}
serve(workerData.ctrl, workerData.data);
`;
    // The loop sits in a function so V8 optimizes it (a loop at the top level of an eval'd
    // script ran about 1.5× slower).
    this.worker = new Worker(source, { eval: true, workerData: { ctrl: this.ctrl, data: workerData } });
    this.worker.unref();
  }

  /** Starts the thread's share with `args`, runs `local` (the caller's share), then waits for the thread. */
  run<T>(args: readonly number[], local: () => T): T {
    const ctrl = this.ctrl;
    args.forEach((v, i) => (ctrl[2 + i] = v));
    const seq = ++this.seq;
    Atomics.store(ctrl, 0, seq);
    Atomics.notify(ctrl, 0);
    const result = local();
    const t0 = Date.now();
    for (;;) {
      const done = Atomics.load(ctrl, 1);
      if (done === seq) return result;
      // A thread that died (out of memory) would leave this one waiting for ever.
      if (Atomics.wait(ctrl, 1, done, 1000) === 'timed-out' && Date.now() - t0 > TIMEOUT_MS) {
        throw new Error(`the ${this.what} thread did not answer within ${TIMEOUT_MS / 1000} s`);
      }
    }
  }

  close(): void {
    Atomics.store(this.ctrl, 0, -1);
    Atomics.notify(this.ctrl, 0);
    void this.worker.terminate();
  }
}
