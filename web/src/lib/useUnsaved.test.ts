import { describe, expect, it } from 'vitest';
import { UNSAVED_AFTER_MS, overdue } from './useUnsaved';

describe('overdue', () => {
  it('tells once a change has gone unconfirmed for the whole wait while online', () => {
    expect(overdue(1_000, 0, 1_000 + UNSAVED_AFTER_MS - 1)).toBe(false);
    expect(overdue(1_000, 0, 1_000 + UNSAVED_AFTER_MS)).toBe(true);
    expect(overdue(null, 0, 1_000_000)).toBe(false);
  });

  it('does not count the time a phone was offline (a user test saw a false alarm after 45 s away)', () => {
    // Typed at t = 10 s while offline, back online at t = 55 s.
    const typed = 10_000;
    const back = 55_000;
    expect(overdue(typed, back, back + 2_000)).toBe(false);
    expect(overdue(typed, back, back + UNSAVED_AFTER_MS)).toBe(true);
  });
});
