import { describe, expect, it } from 'vitest';
import type { StorageId } from '@automerge/automerge-repo';
import { UNSAVED_AFTER_MS, overdue, reconnectDelay, storingPeers, watch, type Watched } from './useUnsaved';

describe('reconnectDelay', () => {
  it('tries again after twice as long each time, never more than a minute apart', () => {
    expect([0, 1, 2, 3, 4, 10].map(reconnectDelay)).toEqual([6_000, 12_000, 24_000, 48_000, 60_000, 60_000]);
  });
});

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

/** A handle holding `local` heads, whose server was last seen at `server`
 * (undefined: not heard from yet); `emit` plays the repo's events. */
function fakeHandle(local: string[], server: string[] | undefined) {
  const listeners: Record<string, ((e: never) => void)[]> = {};
  const handle = {
    heads: () => local,
    getSyncInfo: (id: StorageId) => (id === 'server' && server ? { lastHeads: server, lastSyncTimestamp: 1 } : undefined),
    on: (name: string, f: (e: never) => void) => {
      (listeners[name] ??= []).push(f);
      return handle;
    },
    off: () => handle,
  } as unknown as Watched;
  const emit = (name: string, e: unknown) => (listeners[name] ?? []).forEach((f) => f(e as never));
  return { handle, emit };
}

describe('watch', () => {
  it('counts server heads the repo learned before the watch began (after a reload the refusal sends no second)', () => {
    const { handle } = fakeHandle(['refused', 'kept'], ['kept']);
    const seen: (number | null)[] = [];
    watch(handle, ['server' as StorageId], (since) => seen.push(since));
    expect(seen).toHaveLength(1);
    expect(seen[0]).not.toBeNull();
  });

  it('raises nothing when the server holds what this device holds', () => {
    const { handle } = fakeHandle(['kept'], ['kept']);
    const seen: (number | null)[] = [];
    watch(handle, ['server' as StorageId], (since) => seen.push(since));
    expect(seen).toEqual([]);
  });

  it('learns the server heads from the event when they come later', () => {
    const { handle, emit } = fakeHandle(['refused', 'kept'], undefined);
    const seen: (number | null)[] = [];
    watch(handle, ['server' as StorageId], (since) => seen.push(since));
    expect(seen).toEqual([]);
    emit('remote-heads', { heads: ['kept'] });
    expect(seen).toHaveLength(1);
    emit('remote-heads', { heads: ['refused', 'kept'] });
    expect(seen.at(-1)).toBeNull();
  });
});

describe('storingPeers', () => {
  it('names the storage ids of storing peers only', () => {
    const repo = {
      peerMetadataByPeerId: {
        server: { storageId: 'server' as StorageId, isEphemeral: false },
        tab: { isEphemeral: true },
      },
    } as unknown as Parameters<typeof storingPeers>[0];
    expect(storingPeers(repo)).toEqual(['server']);
  });
});
