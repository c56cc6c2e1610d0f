import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SerialWorker, WorkerPool, resolveWorkerEntry, runInWorker } from './spawn';
import type { WorkerTask } from './protocol';
import { fromWorkerSchema, toWorkerSchema } from './protocol';

const fixtures = fileURLToPath(new URL('../engine/fixtures/test-components.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'nb-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const task = (componentKey: string, params: unknown, extra: Partial<WorkerTask> = {}): WorkerTask => ({
  componentKey,
  nodeId: 'n1',
  params,
  inputs: {},
  outputs: { value: 'value' },
  workspaceDir: dir,
  tmpDir: dir,
  python: 'python3',
  componentModules: [fixtures],
  ...extra,
});

describe('worker entry', () => {
  it('forks worker-main.ts through tsx from source and worker.js from a bundle', () => {
    const src = resolveWorkerEntry();
    expect(src.entry.endsWith('worker-main.ts')).toBe(true);
    expect(src.execArgv[0]).toBe('--import');
    expect(src.execArgv[1]).toMatch(/^file:.*tsx/);
    expect(() => resolveWorkerEntry('file:///nonexistent/dist/main/cli.js')).toThrow(/worker\.js/);
  });
});

describe('protocol', () => {
  it('rejects malformed messages both ways', () => {
    expect(toWorkerSchema.safeParse({ type: 'task', task: { nodeId: 'x' } }).success).toBe(false);
    expect(fromWorkerSchema.safeParse({ type: 'progress', fraction: 'half' }).success).toBe(false);
    expect(fromWorkerSchema.safeParse({ type: 'result', outputs: { v: { json: 1 } } }).success).toBe(true);
  });
});

describe('runInWorker', () => {
  it('runs a component in a separate process and streams its logs and progress', async () => {
    const logs: string[] = [];
    const progress: number[] = [];
    let pid = 0;
    const result = await runInWorker(task('test.constant@1', { value: { a: 1 } }), {
      onLog: (_s, line) => logs.push(line),
      onProgress: (f) => progress.push(f),
      onSpawn: (p) => (pid = p),
    });
    expect(result.outputs).toEqual({ value: { json: { a: 1 } } });
    expect(result.metrics).toEqual({ answer: 42 });
    expect(logs).toContain('constant {"a":1}');
    expect(progress).toEqual([1]);
    expect(pid).not.toBe(process.pid);
    expect(pid).toBeGreaterThan(0);
  });

  it('returns a file output written in tmpDir', async () => {
    const r = await runInWorker(task('test.add@1', { add: 5 }, { outputs: { sum: 'value' } }));
    const out = r.outputs.sum;
    expect(out && 'file' in out ? readFileSync(out.file, 'utf8') : '').toBe('5');
  });

  it('rebuilds the component error with its class and code', async () => {
    await expect(runInWorker(task('test.fail@1', { kind: 'user' }))).rejects.toMatchObject({ name: 'UserError', code: 'bad_value', message: 'node n1: value is wrong' });
    await expect(runInWorker(task('test.fail@1', { kind: 'operational' }))).rejects.toMatchObject({ name: 'OperationalError', code: 'disk_gone' });
  });

  it('reports invalid params naming the node and field', async () => {
    await expect(runInWorker(task('test.slow@1', { ms: 'soon' }))).rejects.toMatchObject({ name: 'UserError', code: 'invalid_params', message: expect.stringContaining('n1.with.ms') });
  });

  it('turns a crash into an OperationalError', async () => {
    await expect(runInWorker(task('test.fail@1', { kind: 'crash' }))).rejects.toMatchObject({ name: 'OperationalError', code: 'worker_crashed' });
  });

  it('kills the process on cancel and on timeout, even when the component ignores the signal', async () => {
    const controller = new AbortController();
    let pid = 0;
    const started = Date.now();
    const p = runInWorker(task('test.slow@1', { ms: 30_000, ignoreSignal: true }), {
      signal: controller.signal,
      killGraceMs: 200,
      onLog: () => controller.abort(),
      onSpawn: (x) => (pid = x),
    });
    await expect(p).rejects.toMatchObject({ code: 'cancelled' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(() => process.kill(pid, 0)).toThrow(); // the worker is gone
    await expect(runInWorker(task('test.slow@1', { ms: 30_000 }), { timeoutMs: 800 })).rejects.toMatchObject({ name: 'OperationalError', code: 'node_timeout' });
  });
});

describe('WorkerPool', () => {
  it('hands out started spares, each for one task, and stops the unused ones on close', async () => {
    const pool = new WorkerPool({ componentModules: [fixtures], builtin: false }, 1);
    pool.warm(5); // capped at 1
    const spare = pool.take();
    expect(spare?.pid).toBeGreaterThan(0);
    expect(pool.take()).toBeUndefined();
    let used = 0;
    const r = await runInWorker(task('test.constant@1', { value: 3 }), { child: spare, onSpawn: (pid) => (used = pid) });
    expect(r.outputs).toEqual({ value: { json: 3 } });
    expect(used).toBe(spare?.pid);
    expect(spare?.exitCode).toBe(0); // exited after its one task

    pool.warm(1);
    const idle = pool.take();
    pool.warm(1);
    await pool.close();
    idle?.kill('SIGKILL');
    pool.warm(1); // closed: starts nothing
    expect(pool.take()).toBeUndefined();
  });
});

describe('SerialWorker (the trials of one tune.search node)', () => {
  const preload = { componentModules: [fixtures], builtin: false };

  it('runs tasks one after another in one process; a failed task leaves it ready for the next', async () => {
    const w = new SerialWorker(preload);
    try {
      const logs: string[] = [];
      const first = await w.run(task('test.constant@1', { value: 1 }), { onLog: (_s, line) => logs.push(line) });
      expect(first.outputs.value).toEqual({ json: 1 });
      expect(logs).toContain('constant 1');
      expect(w.idle).toBe(true);
      await expect(w.run(task('test.fail@1', { kind: 'user' }))).rejects.toMatchObject({ name: 'UserError', code: 'bad_value' });
      const pid = w.pid;
      const second = await w.run(task('test.constant@1', { value: 2 }));
      expect(second.outputs.value).toEqual({ json: 2 });
      expect(w.pid).toBe(pid);
      expect(w.child.exitCode).toBeNull();
      expect(w.alive).toBe(true);
    } finally {
      await w.close();
    }
    expect(w.idle).toBe(false);
  });

  it('refuses a second task while busy; a crash or a cancel rejects and ends the process', async () => {
    const w = new SerialWorker(preload);
    const slow = w.run(task('test.slow@1', { ms: 5000 }));
    await expect(w.run(task('test.constant@1', { value: 1 }))).rejects.toMatchObject({ code: 'worker_busy' });
    await w.close();
    await expect(slow).rejects.toMatchObject({ code: 'worker_crashed' });

    const c = new SerialWorker(preload);
    await expect(c.run(task('test.fail@1', { kind: 'crash' }))).rejects.toMatchObject({ name: 'OperationalError', code: 'worker_crashed' });
    expect(c.idle).toBe(false);
    expect(c.alive).toBe(false);

    const a = new SerialWorker(preload);
    const abort = new AbortController();
    const running = a.run(task('test.slow@1', { ms: 5000 }), { signal: abort.signal });
    setTimeout(() => abort.abort(), 300);
    await expect(running).rejects.toMatchObject({ code: 'cancelled' });
    await a.close();
    expect(a.child.exitCode !== null || a.child.signalCode !== null).toBe(true);
  });
});
