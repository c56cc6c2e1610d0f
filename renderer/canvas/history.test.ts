import { describe, expect, it } from 'vitest';
import { COALESCE_MS, emptyHistory, HISTORY_LIMIT, record, redo, undo } from './history';

describe('undo history', () => {
  it('undoes and redoes in order, and a new edit drops the redo branch', () => {
    let h = emptyHistory<number>();
    h = record(h, 0, null, 1);
    h = record(h, 1, null, 2);
    let current = 2;
    const u1 = undo(h, current)!;
    expect(u1.state).toBe(1);
    const u2 = undo(u1.history, u1.state)!;
    expect(u2.state).toBe(0);
    expect(undo(u2.history, u2.state)).toBeNull();
    const r1 = redo(u2.history, u2.state)!;
    expect(r1.state).toBe(1);
    current = 5;
    const h2 = record(r1.history, r1.state, null, 3);
    expect(redo(h2, current)).toBeNull();
    expect(undo(h2, current)!.state).toBe(1);
  });
  it('coalesces edits with one key within the window, not after it', () => {
    let h = emptyHistory<string>();
    h = record(h, 'a', 'field', 1000);
    h = record(h, 'ab', 'field', 1000 + COALESCE_MS / 2);
    expect(h.past).toEqual(['a']);
    h = record(h, 'abc', 'field', 1000 + COALESCE_MS * 3);
    expect(h.past).toEqual(['a', 'abc']);
    h = record(h, 'x', 'other', 1000 + COALESCE_MS * 3 + 1);
    expect(h.past).toEqual(['a', 'abc', 'x']);
  });
  it('keeps at most HISTORY_LIMIT steps', () => {
    let h = emptyHistory<number>();
    for (let i = 0; i < HISTORY_LIMIT + 10; i++) h = record(h, i, null, i);
    expect(h.past.length).toBe(HISTORY_LIMIT);
    expect(h.past[0]).toBe(10);
  });
});
