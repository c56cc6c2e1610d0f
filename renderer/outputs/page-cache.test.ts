import { describe, expect, it } from 'vitest';
import { columnWidth, formatCell, isNumericType, pageCount, pageOf, pagesForRange, pagesToEvict, sortRows } from './page-cache';

describe('paging', () => {
  it('maps rows to pages', () => {
    expect(pageOf(0)).toBe(0);
    expect(pageOf(199)).toBe(0);
    expect(pageOf(200)).toBe(1);
    expect(pageCount(0)).toBe(0);
    expect(pageCount(200)).toBe(1);
    expect(pageCount(201)).toBe(2);
  });

  it('lists the pages a visible range needs, clamped to the table', () => {
    expect(pagesForRange(190, 215, 1000)).toEqual([0, 1]);
    expect(pagesForRange(0, 40, 10)).toEqual([0]);
    expect(pagesForRange(950, 1200, 1000)).toEqual([4]);
    expect(pagesForRange(5, 10, 0)).toEqual([]);
    expect(pagesForRange(-20, 3, 100, 50)).toEqual([0]);
  });

  it('evicts the pages farthest from the view first', () => {
    expect(pagesToEvict([0, 1, 2], 1, 3)).toEqual([]);
    expect(pagesToEvict([0, 1, 2, 3, 10, 11], 2, 4).sort((a, b) => a - b)).toEqual([10, 11]);
    expect(pagesToEvict([0, 5, 11], 5, 2)).toEqual([11]);
  });
});

describe('sortRows', () => {
  const rows = [{ v: 3 }, { v: null }, { v: 1 }, { v: 2 }];
  it('sorts numbers both ways with missing values last', () => {
    expect(sortRows(rows, 'v', 'asc').map((r) => r.v)).toEqual([1, 2, 3, null]);
    expect(sortRows(rows, 'v', 'desc').map((r) => r.v)).toEqual([3, 2, 1, null]);
  });
  it('compares numeric strings as numbers and other strings by locale', () => {
    expect(sortRows([{ v: '10' }, { v: '9' }], 'v', 'asc').map((r) => r.v)).toEqual(['9', '10']);
    expect(sortRows([{ v: 'b' }, { v: 'a' }], 'v', 'asc').map((r) => r.v)).toEqual(['a', 'b']);
  });
  it('is stable and leaves its input alone', () => {
    const input = [{ k: 1, id: 'a' }, { k: 1, id: 'b' }, { k: 0, id: 'c' }];
    expect(sortRows(input, 'k', 'asc').map((r) => r.id)).toEqual(['c', 'a', 'b']);
    expect(input.map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('cells', () => {
  it('formats values for display', () => {
    expect(formatCell(null)).toBe('∅');
    expect(formatCell(1 / 3)).toBe('0.333333');
    expect(formatCell(42)).toBe('42');
    expect(formatCell({ a: 1 })).toBe('{"a":1}');
    expect(columnWidth('x', 'BIGINT', [1])).toBe(72);
    expect(columnWidth('a'.repeat(100), 'VARCHAR', [])).toBe(320);
    expect(['BIGINT', 'DECIMAL(10,2)', 'double'].every(isNumericType)).toBe(true);
    expect(['VARCHAR', 'DATE', 'INTERVAL', 'BIGINT[]'].some((t) => isNumericType(t) && t !== 'BIGINT[]')).toBe(false);
  });
});
