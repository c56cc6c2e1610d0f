import { describe, expect, it } from 'vitest';
import { formatBytes, formatCounts, formatDuration } from './format';

describe('run formatting', () => {
  it('formats durations at each scale', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(12.4)).toBe('12 ms');
    expect(formatDuration(4200)).toBe('4.2 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
  });
  it('lists node counts in a stable order, leaving out zeros', () => {
    expect(formatCounts({ skipped: 1, cached: 2, done: 3, failed: 0 })).toBe('3 done · 2 cached · 1 skipped');
  });
  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MB');
  });
});
