import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatValue } from './format-value';

describe('formatting', () => {
  it('formats metric values', () => {
    expect(formatValue(null)).toBe('—');
    expect(formatValue(1234)).toBe('1,234');
    expect(formatValue(0.123456789)).toBe('0.12346');
    expect(formatValue({ min: 0.123456789 })).toBe('{"min":0.12346}');
    expect(formatValue('x'.repeat(300), 10)).toHaveLength(10);
  });
  it('formats sizes and durations', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MB');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(4210)).toBe('4.2 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
  });
});
