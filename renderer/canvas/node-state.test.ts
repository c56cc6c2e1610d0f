import { describe, expect, it } from 'vitest';
import { formatDuration, shownState } from './node-state';

describe('node state shown on the canvas', () => {
  it('puts a live run first, then staleness, then the last result', () => {
    expect(shownState({ state: 'running' }, true)).toBe('running');
    expect(shownState({ state: 'done', durationMs: 5 }, true)).toBe('stale');
    expect(shownState({ state: 'failed' }, false)).toBe('failed');
    expect(shownState(undefined, false)).toBe('idle');
    expect(shownState(undefined, true)).toBe('stale');
  });
  it('formats durations for a badge', () => {
    expect(formatDuration(93.4)).toBe('93 ms');
    expect(formatDuration(1530)).toBe('1.5 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
  });
});
