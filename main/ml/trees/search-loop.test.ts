import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { PausableProcesses, plannedTrials } from './search-loop';
import { dimensionSchema } from './search-space';

/** The state letter of a process (R, S, T for stopped…), from Linux's /proc; '' once it is gone. */
function stateOf(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? '';
  } catch {
    return '';
  }
}

async function waitForState(pid: number, test: (state: string) => boolean): Promise<string> {
  const until = performance.now() + 2000;
  let state = stateOf(pid);
  while (!test(state) && performance.now() < until) {
    await new Promise((r) => setTimeout(r, 5));
    state = stateOf(pid);
  }
  return state;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) {
    c.kill('SIGCONT');
    c.kill('SIGKILL');
  }
});

/** A real process that, like a worker, handles SIGTERM itself (a stopped one then waits to be continued). */
async function busyChild(): Promise<ChildProcess & { pid: number }> {
  const child = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => process.exit(0)); console.log('ready'); setInterval(() => {}, 1000)"], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  if (child.stdout) await once(child.stdout, 'data');
  const pid = child.pid;
  if (pid === undefined) throw new Error('no pid');
  return Object.assign(child, { pid });
}

const stopped = (s: string) => s === 'T' || s === 't';

describe('plannedTrials', () => {
  it('is the budget, or the grid when it is smaller', () => {
    const space = { a: dimensionSchema.parse({ values: [1, 2] }), b: dimensionSchema.parse({ values: ['x', 'y'] }) };
    expect(plannedTrials(space, 'grid', 10)).toBe(4);
    expect(plannedTrials(space, 'grid', 3)).toBe(3);
    expect(plannedTrials(space, 'tpe', 10)).toBe(10);
  });
});

describe.skipIf(process.platform !== 'linux')('PausableProcesses', () => {
  it('stops the registered processes and the extra ones while measuring, then continues them', async () => {
    const [trial, spare] = await Promise.all([busyChild(), busyChild()]);
    const processes = new PausableProcesses(() => [spare.pid]);
    processes.add(trial.pid);
    const during = await processes.whilePaused(async () => [await waitForState(trial.pid, stopped), await waitForState(spare.pid, stopped)]);
    expect(during).toEqual(['T', 'T']);
    expect(stopped(await waitForState(trial.pid, (s) => !stopped(s)))).toBe(false);
    expect(stopped(stateOf(spare.pid))).toBe(false);
    // The time it was held stopped is counted (for registered processes).
    expect(processes.stoppedMs(trial.pid)).toBeGreaterThan(0);
    processes.remove(trial.pid);
    expect(processes.stoppedMs(trial.pid)).toBe(0);
    processes.close();
  });

  it('continues a stopped process as soon as the signal aborts, so SIGTERM ends it without waiting for SIGKILL', async () => {
    const trial = await busyChild();
    const controller = new AbortController();
    const processes = new PausableProcesses(() => [], controller.signal);
    processes.add(trial.pid);
    const exited = once(trial, 'exit');
    let stoppedBeforeAbort = '';
    let waitedMs = Infinity;
    await processes.whilePaused(async () => {
      stoppedBeforeAbort = await waitForState(trial.pid, stopped);
      const t0 = performance.now();
      controller.abort();
      trial.kill('SIGTERM');
      await exited;
      waitedMs = performance.now() - t0;
    });
    expect(stoppedBeforeAbort).toBe('T');
    expect(trial.exitCode).toBe(0);
    expect(waitedMs).toBeLessThan(1000);
    processes.close();
  });

  it('pauses nothing once the signal has aborted', async () => {
    const trial = await busyChild();
    const controller = new AbortController();
    controller.abort();
    const processes = new PausableProcesses(() => [], controller.signal);
    processes.add(trial.pid);
    const during = await processes.whilePaused(async () => {
      await new Promise((r) => setTimeout(r, 50));
      return stateOf(trial.pid);
    });
    expect(stopped(during)).toBe(false);
    processes.close();
  });
});
