import { describe, expect, it } from 'vitest';
import { applyBins, binOf, fitBins } from './binning';

describe('binning', () => {
  it('gives few-valued features one bin per value, cut halfway between neighbours', () => {
    const x = Float64Array.from([3, 1, 2, 2, 1, 3, NaN, 1]);
    const mapper = fitBins(x, 8, 1, 255);
    expect(Array.from(mapper.edges[0] ?? [])).toEqual([1.5, 2.5]);
    const binned = applyBins(mapper, x, 8, 1);
    expect(Array.from(binned.bins)).toEqual([2, 0, 1, 1, 0, 2, 255, 0]);
    expect(mapper.missingBin).toBe(255);
  });

  it('cuts many-valued features at quantiles: at most maxBins bins of similar size', () => {
    const n = 10_000;
    const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 1000);
    const mapper = fitBins(x, n, 1, 16);
    const edges = mapper.edges[0] ?? new Float64Array(0);
    expect(edges.length).toBe(15);
    const counts = new Array<number>(16).fill(0);
    for (const b of applyBins(mapper, x, n, 1).bins) counts[b] = (counts[b] ?? 0) + 1;
    for (const c of counts) expect(Math.abs(c - n / 16)).toBeLessThan(n / 16 / 10);
  });

  it('compares in float32, as ONNX Runtime does: values equal in float32 share a bin', () => {
    const a = 0.1;
    const b = 0.1 + 1e-12; // a different double, the same float32
    expect(Math.fround(a)).toBe(Math.fround(b));
    const mapper = fitBins(Float64Array.from([a, b, 0.2]), 3, 1, 255);
    const edges = mapper.edges[0] ?? new Float64Array(0);
    expect(edges.length).toBe(1);
    for (const e of edges) expect(Math.fround(e)).toBe(e);
    expect(binOf(edges, 255, a)).toBe(binOf(edges, 255, b));
    // x ≤ edge goes to the lower bin, as BRANCH_LEQ sends it to the true branch.
    expect(binOf(edges, 255, edges[0] ?? 0)).toBe(0);
  });

  it('rejects a bad maxBins and ignores constant columns', () => {
    expect(() => fitBins(new Float64Array(4), 4, 1, 256)).toThrow(/maxBins/);
    expect(fitBins(Float64Array.from([5, 5, 5]), 3, 1, 255).edges[0]?.length).toBe(0);
  });
});
