import { HelperThread, hasSecondCore } from '../helper-thread';
import type { HistArena } from './hist-arena';
import { histogramModule } from './hist-arena';

/**
 * A second thread for building gradient histograms, the hot loop of boosting. Rows of a large
 * node are split in two: the thread adds the second half into its own scratch histogram while
 * the caller does the first, then the caller sums both. Both run histogram.wat's kernel on the
 * same shared WebAssembly memory (hist-arena.ts); the hand-off is helper-thread.ts's.
 */

/** Nodes with fewer rows are built on the calling thread: the hand-off costs more than it saves. */
export const PARALLEL_MIN_ROWS = 5_000;

export interface HistHelper {
  /**
   * Adds rows[start, end) of output k into the arena's `hist` (the caller's scratch, which it
   * cleared) with the thread's help. Returns false, doing nothing, when the node is too small
   * to share.
   */
  build(start: number, end: number, k: number, nt: number): boolean;
  close(): void;
}

/** Whether a second thread can help: two or more cores and enough rows. */
export function histWorkerWorthwhile(rows: number): boolean {
  return rows >= 2 * PARALLEL_MIN_ROWS && hasSecondCore();
}

/** Starts the thread on the arena's memory. Request arguments: start, end, output, feature count. */
export function startHistWorker(arena: HistArena): HistHelper {
  const thread = new HelperThread(
    `
  const { memory, module, layout } = data;
  const { histogram } = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const hist = new Float64Array(memory.buffer, layout.helperHist, layout.features << 10);
  function handle(args) {
    hist.fill(0);
    const k = args[2];
    histogram(layout.helperHist, layout.bins, layout.features, layout.rows, args[0], args[1], layout.grad[k], layout.hess[k], layout.feats, args[3]);
  }`,
    { memory: arena.memory, module: histogramModule(), layout: arena.layout },
    'histogram',
  );
  return {
    build(start, end, k, nt) {
      if (end - start < 2 * PARALLEL_MIN_ROWS) return false;
      const mid = (start + end) >>> 1;
      thread.run([mid, end, k, nt], () => arena.add(start, mid, k));
      const hist = arena.hist;
      const other = arena.helperHist;
      for (let i = 0; i < hist.length; i++) hist[i]! += other[i]!;
      return true;
    },
    close: () => thread.close(),
  };
}
