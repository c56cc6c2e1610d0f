import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WASM_TS_FILE, histogramWasmText } from '../../../scripts/gen-wasm';
import type { BinMapper } from './binning';
import { GrowScratch, growTree, histogramKernel } from './grow';
import { HistArena, histLength } from './hist-arena';
import { Rng } from './rng';

describe('histogram.wat', () => {
  it('is what histogram-wasm.ts holds (run `npx tsx scripts/gen-wasm.ts` after editing it)', async () => {
    expect(readFileSync(WASM_TS_FILE, 'utf8')).toBe(await histogramWasmText());
  });

  it('adds exactly what the JavaScript kernel adds: any rows, odd counts, a feature subset', () => {
    const n = 5001;
    const nf = 7;
    const rng = new Rng(3);
    const arena = HistArena.create(n, nf, 2);
    if (!arena) throw new Error('no arena');
    for (let i = 0; i < n * nf; i++) arena.bins[i] = rng.int(i % nf === 3 ? 4 : 256);
    for (let k = 0; k < 2; k++) {
      for (let r = 0; r < n; r++) {
        arena.grad[k]![r] = rng.normal();
        arena.hess[k]![r] = rng.next();
      }
    }
    // A leaf's rows: an ascending subset, as after partitions.
    let m = 0;
    for (let r = 0; r < n; r++) if (rng.next() < 0.6) arena.rows[m++] = r;
    for (const feats of [Int32Array.from({ length: nf }, (_, j) => j), Int32Array.of(1, 4, 6)]) {
      for (const [start, end, k] of [[0, m, 0], [17, m - 4, 1], [5, 6, 0], [9, 9, 1]] as const) {
        arena.setFeatures(feats);
        arena.hist.fill(0);
        arena.add(start, end, k);
        const expected = new Float64Array(histLength(nf));
        histogramKernel(expected, arena.bins, nf, arena.rows, start, end, arena.grad[k]!, arena.hess[k]!, feats, feats.length);
        expect(Array.from(arena.hist)).toEqual(Array.from(expected));
      }
    }
  });

  it('grows the same tree as the JavaScript kernels (histograms and partitions)', () => {
    const n = 3000;
    const nf = 4;
    const rng = new Rng(9);
    const arena = HistArena.create(n, nf, 1);
    if (!arena) throw new Error('no arena');
    for (let i = 0; i < n * nf; i++) arena.bins[i] = rng.int(32);
    // Bin 31 of feature 2 stands for missing values, to exercise the learned missing direction.
    for (let r = 0; r < n; r += 7) arena.bins[r * nf + 2] = 31;
    for (let r = 0; r < n; r++) {
      arena.grad[0]![r] = (arena.bins[r * nf]! > 15 ? 1 : -1) + (arena.bins[r * nf + 2] === 31 ? 1.5 : 0) + 0.3 * rng.normal();
      arena.hess[0]![r] = 1;
    }
    arena.transposeBins();
    const mapper: BinMapper = { edges: Array.from({ length: nf }, () => Float64Array.from({ length: 30 }, (_, b) => b + 0.5)), missingBin: 31, width: 32 };
    const opts = { maxLeaves: 8, maxDepth: -1, minSamplesLeaf: 5, l2: 1, learningRate: 0.1 };
    const feats = Int32Array.from({ length: nf }, (_, j) => j);
    const grow = (useArena: boolean) => {
      const scratch = new GrowScratch(n, nf);
      scratch.arena = useArena ? arena : null;
      const rows = useArena ? arena.rows : new Uint32Array(n);
      for (let i = 0; i < n; i++) rows[i] = i;
      return growTree({ bins: arena.bins, rows: n, features: nf }, mapper, arena.grad[0]!, arena.hess[0]!, rows, n, feats, opts, scratch).tree;
    };
    const js = grow(false);
    const wasm = grow(true);
    expect(Array.from(js.feature)).toContain(2); // a split where the missing bin had to go one way
    expect(Array.from(wasm.feature)).toEqual(Array.from(js.feature));
    expect(Array.from(wasm.threshold)).toEqual(Array.from(js.threshold));
    expect(Array.from(wasm.values)).toEqual(Array.from(js.values));
  });
});
