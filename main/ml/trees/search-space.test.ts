import { describe, expect, it } from 'vitest';
import { Rng } from './rng';
import { SharedExclusiveLock, runSearch } from './search-loop';
import type { Point, Space } from './search-space';
import { dimensionSchema, gridPoints, randomPoint } from './search-space';

describe('search spaces', () => {
  it('grids combine choices and 5 steps per range (log and int aware)', () => {
    const space: Space = {
      lr: dimensionSchema.parse({ min: 0.001, max: 0.1, log: true }),
      leaves: dimensionSchema.parse({ min: 2, max: 4, int: true }),
      kind: dimensionSchema.parse({ values: ['a', 'b'] }),
    };
    const grid = gridPoints(space);
    expect(grid).toHaveLength(5 * 3 * 2);
    const lrs = [...new Set(grid.map((p) => Number(p.lr)))];
    expect(lrs.map((v) => Number(v.toPrecision(6)))).toEqual([0.001, 0.00316228, 0.01, 0.0316228, 0.1]);
    expect([...new Set(grid.map((p) => p.leaves))]).toEqual([2, 3, 4]);
  });

  it('random points stay in bounds and schemas reject bad ranges', () => {
    const space: Space = { x: dimensionSchema.parse({ min: -1, max: 1 }), n: dimensionSchema.parse({ min: 1, max: 100, log: true, int: true }) };
    const rng = new Rng(1);
    for (let i = 0; i < 200; i++) {
      const p = randomPoint(space, rng);
      expect(Math.abs(Number(p.x))).toBeLessThanOrEqual(1);
      expect(Number.isInteger(p.n)).toBe(true);
    }
    expect(() => dimensionSchema.parse({ min: 0, max: 1, log: true })).toThrow(/min > 0/);
    expect(() => dimensionSchema.parse({ min: 2, max: 1 })).toThrow(/greater than min/);
  });

  it('TPE concentrates near the optimum and beats random search on average', async () => {
    const space: Space = { x: dimensionSchema.parse({ min: -10, max: 10 }), y: dimensionSchema.parse({ min: 0.01, max: 100, log: true }), c: dimensionSchema.parse({ values: ['a', 'b', 'c', 'd'] }) };
    const f = (p: Point) => (Number(p.x) - 3) ** 2 + Math.log10(Number(p.y)) ** 2 + (p.c === 'b' ? 0 : 0.5);
    const best = async (strategy: 'tpe' | 'random', seed: number) => {
      let min = Infinity;
      await runSearch({
        space, strategy, trials: 40, seconds: 60, parallel: 1, seed, startup: 10, gamma: 0.25, candidates: 24,
        runTrial: async (_i, p) => {
          const v = f(p);
          min = Math.min(min, v);
          return v;
        },
      });
      return min;
    };
    let tpe = 0;
    let random = 0;
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
    for (const seed of seeds) {
      tpe += await best('tpe', seed);
      random += await best('random', seed);
    }
    expect(tpe / seeds.length).toBeLessThan(0.7);
    expect(tpe).toBeLessThan(random * 0.8);
  });

  it('runs up to `parallel` trials at once and stops at the time budget', async () => {
    let inFlight = 0;
    let peak = 0;
    const summary = await runSearch({
      space: { a: dimensionSchema.parse({ values: [1, 2, 3] }) }, strategy: 'random', trials: 9, seconds: 60, parallel: 3, seed: 1, startup: 1, gamma: 0.25, candidates: 8,
      runTrial: async () => {
        peak = Math.max(peak, ++inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return 0;
      },
    });
    expect(summary).toEqual({ started: 9, stoppedBy: 'trials' });
    expect(peak).toBe(3);
    const timed = await runSearch({
      space: { a: dimensionSchema.parse({ values: [1] }) }, strategy: 'random', trials: 1000, seconds: 0.05, parallel: 1, seed: 1, startup: 1, gamma: 0.25, candidates: 8,
      runTrial: () => new Promise((r) => setTimeout(() => r(0), 10)),
    });
    expect(timed.stoppedBy).toBe('time');
    expect(timed.started).toBeLessThan(20);
  });

  it('an exclusive holder waits for shared holders and keeps new ones out', async () => {
    const lock = new SharedExclusiveLock();
    const events: string[] = [];
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const a = lock.withShared(async () => {
      events.push('a+');
      await sleep(20);
      events.push('a-');
    });
    const m = lock.withExclusive(async () => {
      events.push('m+');
      await sleep(10);
      events.push('m-');
    });
    const b = lock.withShared(async () => {
      events.push('b+');
    });
    await Promise.all([a, m, b]);
    expect(events).toEqual(['a+', 'a-', 'm+', 'm-', 'b+']);
  });
});
