import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { OperationalError, fromErrorShape } from '../../shared/errors';
import type { FromWorker, WorkerTask } from './protocol';
import { fromWorkerSchema } from './protocol';

export interface WorkerEntry {
  readonly entry: string;
  readonly execArgv: string[];
}

/**
 * From source (tests, `node --import tsx main/cli.ts`) the worker is worker-main.ts run
 * through tsx; from the esbuild bundle it is worker.js next to the bundle (or one folder up).
 */
export function resolveWorkerEntry(moduleUrl: string = import.meta.url): WorkerEntry {
  const here = fileURLToPath(moduleUrl);
  if (here.endsWith('.ts')) {
    // Resolved to an absolute URL: `--import tsx` alone resolves from the cwd, which may be any workspace.
    const tsx = pathToFileURL(createRequire(here).resolve('tsx')).href;
    return { entry: join(dirname(here), 'worker-main.ts'), execArgv: ['--import', tsx] };
  }
  for (const candidate of [join(dirname(here), 'worker.js'), join(dirname(here), '..', 'worker.js')]) {
    if (existsSync(candidate)) return { entry: candidate, execArgv: [] };
  }
  throw new OperationalError('worker_missing', `Cannot find worker.js next to ${here}; rebuild Nodebook (npm run build).`);
}

export interface Preload {
  readonly componentModules: readonly string[];
  /** Import the built-in components too (they load DuckDB: worth it only when a pipeline uses them). */
  readonly builtin: boolean;
}

/** Forks a worker process; with `preload`, it starts importing components before its task arrives. */
export function spawnWorker(preload?: Preload): ChildProcess {
  const { entry, execArgv } = resolveWorkerEntry();
  const child = fork(entry, [], { execArgv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'json' });
  if (preload) child.once('spawn', () => child.connected && child.send({ type: 'preload', componentModules: [...preload.componentModules], builtin: preload.builtin }));
  return child;
}

const usable = (child: ChildProcess) => child.pid !== undefined && child.exitCode === null && child.signalCode === null && child.connected;

/**
 * Spare worker processes, started while other nodes run so the next node does not wait for
 * Node, tsx and DuckDB to load. Each process still runs exactly one task (no state carries
 * over between nodes); the pool only starts them early.
 */
export class WorkerPool {
  private readonly idle: ChildProcess[] = [];
  private closed = false;

  constructor(
    private readonly preload: Preload,
    private readonly max: number,
  ) {}

  /** Keeps up to `wanted` (at most `max`) spare processes starting or waiting. */
  warm(wanted: number): void {
    this.prune();
    while (!this.closed && this.idle.length < Math.min(wanted, this.max)) {
      try {
        const child = spawnWorker(this.preload);
        child.on('error', () => undefined); // a spare that fails to start is skipped by take()
        this.idle.push(child);
      } catch {
        return;
      }
    }
  }

  /** A started spare, or undefined (the caller then forks one). */
  take(): ChildProcess | undefined {
    this.prune();
    return this.idle.shift();
  }

  /** Stops the spares nobody took and waits for them to exit. */
  async close(): Promise<void> {
    this.closed = true;
    const spares = this.idle.splice(0);
    await Promise.all(
      spares.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
  }

  private prune(): void {
    for (let i = this.idle.length - 1; i >= 0; i--) {
      const child = this.idle[i];
      if (child && !usable(child)) {
        if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        this.idle.splice(i, 1);
      }
    }
  }
}

export type ResultMessage = Extract<FromWorker, { type: 'result' }>;

export interface WorkerRunOptions {
  readonly signal?: AbortSignal;
  /** 0 or undefined: no limit. */
  readonly timeoutMs?: number;
  readonly onLog?: (stream: 'stdout' | 'stderr', line: string) => void;
  readonly onProgress?: (fraction: number, message: string | undefined) => void;
  readonly onSpawn?: (pid: number) => void;
  /** Grace between SIGTERM and SIGKILL. */
  readonly killGraceMs?: number;
  /** A started spare from a WorkerPool; otherwise a process is forked. */
  readonly child?: ChildProcess;
}

/** Why a worker was stopped from outside; decides the error the caller gets. */
type StopReason = 'cancelled' | 'timeout';

/**
 * Runs one task in a fresh worker process and resolves with its result. Rejects with the
 * component's own error (rebuilt from its shape), an OperationalError for a crash or a
 * timeout, or an OperationalError with code `cancelled`. Always waits for the process to exit.
 */
export function runInWorker(task: WorkerTask, options: WorkerRunOptions = {}): Promise<ResultMessage> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      options.child?.kill('SIGKILL');
      return reject(new OperationalError('cancelled', `Node ${task.nodeId} was cancelled`));
    }
    let child: ChildProcess;
    try {
      child = options.child && usable(options.child) ? options.child : spawnWorker();
    } catch (err) {
      return reject(new OperationalError('worker_spawn_failed', `Cannot start a worker for node ${task.nodeId}: ${(err as Error).message}`));
    }
    let outcome: { ok: true; result: ResultMessage } | { ok: false; error: Error } | undefined;
    let stopped: StopReason | undefined;
    let killTimer: NodeJS.Timeout | undefined;

    const stop = (reason: StopReason) => {
      if (stopped || child.exitCode !== null) return;
      stopped = reason;
      if (child.connected) child.send({ type: 'cancel' });
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), options.killGraceMs ?? 2000);
    };
    const onAbort = () => stop('cancelled');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timeout = options.timeoutMs ? setTimeout(() => stop('timeout'), options.timeoutMs) : undefined;

    // Stray output (a component's console.log, a native library's warnings) becomes log lines.
    for (const [stream, readable] of [['stdout', child.stdout], ['stderr', child.stderr]] as const) {
      if (readable) createInterface({ input: readable }).on('line', (line) => options.onLog?.(stream, line));
    }
    child.on('message', (raw: unknown) => {
      const parsed = fromWorkerSchema.safeParse(raw);
      if (!parsed.success) {
        options.onLog?.('stderr', `[nodebook] ignored a malformed worker message`);
        return;
      }
      const msg = parsed.data;
      if (msg.type === 'log') options.onLog?.(msg.stream, msg.line);
      else if (msg.type === 'progress') options.onProgress?.(msg.fraction, msg.message);
      else if (msg.type === 'result') outcome ??= { ok: true, result: msg };
      else outcome ??= { ok: false, error: fromErrorShape(msg.error) };
    });
    const begin = () => {
      if (child.pid !== undefined) options.onSpawn?.(child.pid);
      if (child.connected) child.send({ type: 'task', task });
    };
    if (options.child && child !== options.child) options.child.kill('SIGKILL');
    // A spare from the pool has already spawned; a fresh fork has not yet.
    if (child === options.child) begin();
    else child.once('spawn', begin);
    child.once('error', (err) => {
      outcome ??= { ok: false, error: new OperationalError('worker_failed', `Worker for node ${task.nodeId} failed: ${err.message}`) };
    });
    child.once('exit', (code, sig) => {
      clearTimeout(timeout);
      clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      if (stopped === 'cancelled') return reject(new OperationalError('cancelled', `Node ${task.nodeId} was cancelled`));
      if (stopped === 'timeout') {
        const seconds = Math.round((options.timeoutMs ?? 0) / 1000);
        return reject(
          new OperationalError('node_timeout', `Node ${task.nodeId} ran past its ${seconds}s limit (nodeTimeoutSeconds in nodebook.yaml) and was stopped`, {
            nodeId: task.nodeId,
            timeoutSeconds: seconds,
          }),
        );
      }
      if (outcome?.ok) return resolve(outcome.result);
      if (outcome) return reject(outcome.error);
      reject(
        new OperationalError('worker_crashed', `The worker for node ${task.nodeId} exited (${sig ?? `code ${code}`}) without a result`, {
          nodeId: task.nodeId,
          exitCode: code,
          signal: sig,
        }),
      );
    });
  });
}

interface SerialTask {
  readonly nodeId: string;
  readonly resolve: (result: ResultMessage) => void;
  readonly reject: (error: Error) => void;
  readonly onLog: ((stream: 'stdout' | 'stderr', line: string) => void) | undefined;
}

/**
 * A worker process that runs tasks one after another (with `keepAlive`), for the trials of
 * one tune.search node: Node, the components and DuckDB load once, not once per trial. A task
 * that is cancelled, or a process that dies, ends the process; the owner starts another.
 */
export class SerialWorker {
  readonly child: ChildProcess;
  private current: SerialTask | null = null;
  private exited = false;
  private spawned = false;

  constructor(preload: Preload) {
    this.child = spawnWorker(preload);
    this.child.once('spawn', () => (this.spawned = true));
    this.child.on('error', () => undefined); // reported by the exit that follows
    for (const [stream, readable] of [['stdout', this.child.stdout], ['stderr', this.child.stderr]] as const) {
      if (readable) createInterface({ input: readable }).on('line', (line) => this.current?.onLog?.(stream, line));
    }
    this.child.on('message', (raw: unknown) => {
      const task = this.current;
      const parsed = fromWorkerSchema.safeParse(raw);
      if (!task || !parsed.success) return;
      const msg = parsed.data;
      if (msg.type === 'log') task.onLog?.(msg.stream, msg.line);
      else if (msg.type === 'result' || msg.type === 'error') {
        this.current = null;
        if (msg.type === 'result') task.resolve(msg);
        else task.reject(fromErrorShape(msg.error));
      }
    });
    this.child.once('exit', (code, sig) => {
      this.exited = true;
      const task = this.current;
      this.current = null;
      task?.reject(new OperationalError('worker_crashed', `The worker for ${task.nodeId} exited (${sig ?? `code ${code}`}) without a result`, { nodeId: task.nodeId, exitCode: code, signal: sig }));
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The process has not exited (its pid still names it). */
  get alive(): boolean {
    return !this.exited && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Alive and not running a task. */
  get idle(): boolean {
    return this.alive && this.current === null && this.child.connected;
  }

  /**
   * Runs one task (sent with keepAlive). Aborting `signal` kills the process and rejects with
   * an OperationalError `cancelled`.
   */
  run(task: WorkerTask, options: { signal?: AbortSignal; onLog?: (stream: 'stdout' | 'stderr', line: string) => void } = {}): Promise<ResultMessage> {
    return new Promise((resolve, reject) => {
      if (!this.idle) return reject(new OperationalError('worker_busy', `The worker for ${task.nodeId} is busy or gone`));
      if (options.signal?.aborted) return reject(new OperationalError('cancelled', `${task.nodeId} was cancelled`));
      const onAbort = () => {
        this.current = null;
        reject(new OperationalError('cancelled', `${task.nodeId} was cancelled`));
        void this.close();
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => options.signal?.removeEventListener('abort', onAbort);
      this.current = {
        nodeId: task.nodeId,
        resolve: (r) => {
          done();
          resolve(r);
        },
        reject: (e) => {
          done();
          reject(e);
        },
        onLog: options.onLog,
      };
      const send = () => this.child.connected && this.child.send({ type: 'task', task: { ...task, keepAlive: true } });
      if (this.spawned) send();
      else this.child.once('spawn', send);
    });
  }

  /** Ends the process (SIGTERM, then SIGKILL after `graceMs`) and waits for it to exit. */
  close(graceMs = 1000): Promise<void> {
    if (this.exited || this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      // A process held stopped (a latency measurement) must be continued to act on SIGTERM.
      this.child.kill('SIGCONT');
      this.child.kill('SIGTERM');
    });
  }
}
