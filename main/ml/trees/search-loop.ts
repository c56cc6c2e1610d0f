import type { Point, Space } from './search-space';
import { gridPoints, randomPoint, tpeSuggest } from './search-space';
import { Rng } from './rng';

export type Strategy = 'grid' | 'random' | 'tpe';

export interface SearchOptions {
  readonly space: Space;
  readonly strategy: Strategy;
  readonly trials: number;
  readonly seconds: number;
  /** Trials in flight at once (a Promise pool: they interleave in this process). */
  readonly parallel: number;
  readonly seed: number;
  /** TPE: random trials before the model kicks in. */
  readonly startup: number;
  readonly gamma: number;
  readonly candidates: number;
  readonly signal?: AbortSignal;
  /** Runs one trial and returns its loss (lower is better; Infinity when failed or infeasible). */
  runTrial(index: number, point: Point): Promise<number>;
}

export interface SearchSummary {
  readonly started: number;
  /** What ended the search: every trial ran, the time ran out, or the grid was exhausted. */
  readonly stoppedBy: 'trials' | 'time' | 'grid';
}

export async function runSearch(o: SearchOptions): Promise<SearchSummary> {
  const rng = new Rng(o.seed);
  const grid = o.strategy === 'grid' ? gridPoints(o.space) : null;
  const total = grid ? Math.min(grid.length, o.trials) : o.trials;
  const deadline = performance.now() + o.seconds * 1000;
  const history: { point: Point; loss: number }[] = [];
  let next = 0;
  let timedOut = false;
  const suggest = (i: number): Point => {
    if (grid) return grid[i] ?? {};
    if (o.strategy === 'random' || i < o.startup) return randomPoint(o.space, rng);
    return tpeSuggest(o.space, history, rng, { gamma: o.gamma, candidates: o.candidates });
  };
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < total && !failure) {
      if (performance.now() >= deadline) {
        timedOut = true;
        return;
      }
      try {
        o.signal?.throwIfAborted();
        const i = next++;
        const point = suggest(i);
        const loss = await o.runTrial(i, point);
        history.push({ point, loss });
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  // A fatal error stops new trials, but the ones in flight finish first: they write into the
  // caller's temp dir, which is removed once this returns.
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.parallel, total)) }, worker));
  if (failure) throw failure.error;
  return { started: next, stoppedBy: timedOut ? 'time' : grid && grid.length <= o.trials ? 'grid' : 'trials' };
}

/**
 * Many holders of the shared side (trials training) or one of the exclusive side (a latency
 * measurement). Trials interleave on one event loop, so a training round of one trial would
 * otherwise sit inside another trial's timed inference calls.
 */
export class SharedExclusiveLock {
  private shared = 0;
  private exclusive = false;
  private waitingExclusive = 0;
  private queue: (() => void)[] = [];

  private wake(): void {
    const q = this.queue;
    this.queue = [];
    for (const f of q) f();
  }

  private wait(): Promise<void> {
    return new Promise((resolve) => this.queue.push(resolve));
  }

  async withShared<T>(fn: () => Promise<T>): Promise<T> {
    // Writers first, so a measurement is not starved by a stream of new trials.
    while (this.exclusive || this.waitingExclusive > 0) await this.wait();
    this.shared++;
    try {
      return await fn();
    } finally {
      this.shared--;
      this.wake();
    }
  }

  async withExclusive<T>(fn: () => Promise<T>): Promise<T> {
    this.waitingExclusive++;
    while (this.exclusive || this.shared > 0) await this.wait();
    this.waitingExclusive--;
    this.exclusive = true;
    try {
      return await fn();
    } finally {
      this.exclusive = false;
      this.wake();
    }
  }
}
