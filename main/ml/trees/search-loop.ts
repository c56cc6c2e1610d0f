import type { Point, Space } from './search-space';
import { gridPoints, randomPoint, tpeSuggest } from './search-space';
import { Rng } from './rng';

export type Strategy = 'grid' | 'random' | 'tpe';

export interface SearchOptions {
  readonly space: Space;
  readonly strategy: Strategy;
  readonly trials: number;
  readonly seconds: number;
  /** Trials in flight at once (a Promise pool; `runTrial` decides where a trial's work runs). */
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

/** How many trials a search starts when neither the time budget nor a failure stops it first. */
export function plannedTrials(space: Space, strategy: Strategy, trials: number): number {
  return strategy === 'grid' ? Math.min(gridPoints(space).length, trials) : trials;
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
 * Many holders of the shared side or one of the exclusive side. tune.search runs its trials'
 * in-process work (starting a trial's process, loading and scoring its model) on the shared side
 * and a single-row latency measurement on the exclusive side, so no other trial's work on this
 * event loop sits inside the timed calls. Trial processes training meanwhile hold nothing: they
 * are stopped for the measurement (PausableProcesses).
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

/**
 * Processes that burn CPU beside a measurement (trial workers training, spare workers starting),
 * stopped with SIGSTOP while `whilePaused` runs and continued with SIGCONT after it. A stopped
 * process is always continued: when the measurement ends (finally), as soon as `signal` aborts
 * (a stopped process acts on SIGTERM only once continued, so cancelling would otherwise wait for
 * SIGKILL), and when this process exits. Nothing is paused once `signal` has aborted, nor on
 * Windows, which has no SIGSTOP (there the measurement runs beside the other trials).
 */
export class PausableProcesses {
  /** False on Windows: `whilePaused` then only runs its function. */
  readonly supported = process.platform !== 'win32';
  private readonly running = new Set<number>();
  private readonly stoppedTotal = new Map<number, number>();
  private stopped: number[] = [];
  private stoppedAt = 0;
  private depth = 0;

  /** `others`: more pids to stop with the registered ones (read at each pause). */
  constructor(
    private readonly others: () => readonly number[] = () => [],
    private readonly signal?: AbortSignal,
  ) {
    signal?.addEventListener('abort', this.resume);
    process.on('exit', this.resume);
  }

  add(pid: number): void {
    this.running.add(pid);
  }

  /** Forgets a process that has exited. */
  remove(pid: number): void {
    this.running.delete(pid);
    this.stoppedTotal.delete(pid);
  }

  /** How long a registered process has been held stopped so far, in ms. */
  stoppedMs(pid: number): number {
    return this.stoppedTotal.get(pid) ?? 0;
  }

  /** Runs fn with every registered process (and `others`) stopped. */
  async whilePaused<T>(fn: () => Promise<T>): Promise<T> {
    if (this.depth++ === 0) this.pause();
    try {
      return await fn();
    } finally {
      if (--this.depth === 0) this.resume();
    }
  }

  /** Continues what is stopped and stops listening; call once the processes are done. */
  close(): void {
    this.resume();
    this.signal?.removeEventListener('abort', this.resume);
    process.off('exit', this.resume);
  }

  private pause(): void {
    if (!this.supported || this.signal?.aborted) return;
    this.stoppedAt = performance.now();
    for (const pid of new Set([...this.running, ...this.others()])) {
      try {
        process.kill(pid, 'SIGSTOP');
        this.stopped.push(pid);
      } catch {
        // It exited meanwhile.
      }
    }
  }

  private readonly resume = (): void => {
    const stopped = this.stopped;
    this.stopped = [];
    const ms = performance.now() - this.stoppedAt;
    for (const pid of stopped) {
      if (this.running.has(pid)) this.stoppedTotal.set(pid, (this.stoppedTotal.get(pid) ?? 0) + ms);
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // It exited meanwhile (SIGKILL ends a stopped process too).
      }
    }
  };
}
