// Whether something this device wrote has not reached the server. The
// server acknowledges a change by sending back heads that hold it; a
// change it refused (the room closed meanwhile, a rule only the server
// knows) never comes back, and the device would otherwise say "Verbonden"
// over words only it holds. A busy room can keep heads apart for a
// moment, so only a gap that lasts is reported.
import type { DocHandle, Repo, StorageId } from '@automerge/automerge-repo';
import { useEffect, useRef, useState } from 'preact/hooks';

/** How long a change may go unacknowledged before the person is told. */
export const UNSAVED_AFTER_MS = 15_000;
/** How long a change may go unacknowledged before the sync socket is
 * suspected dead and opened again: well before the person is told, so a
 * socket that died without closing costs seconds, not the minutes until
 * TCP gives up. While the change still waits it is tried again, each
 * time after twice as long, up to {@link RECONNECT_AT_MOST_MS}: the new
 * socket may have met the same dead network. */
export const RECONNECT_AFTER_MS = 6_000;
export const RECONNECT_AT_MOST_MS = 60_000;

/** How long to wait before the `attempt`-th reconnect (0 first). */
export function reconnectDelay(attempt: number): number {
  return Math.min(RECONNECT_AFTER_MS * 2 ** attempt, RECONNECT_AT_MOST_MS);
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/** The part of a handle the watch reads: its heads, the heads a storing
 * peer was last known to hold, and its events. */
export type Watched = Pick<DocHandle<unknown>, 'heads' | 'getSyncInfo' | 'on' | 'off'>;

/** The storage ids of the peers `repo` syncs with that store documents
 * (the server), as far as it knows them yet. */
export function storingPeers(repo: Pick<Repo, 'peerMetadataByPeerId'>): StorageId[] {
  return Object.values(repo.peerMetadataByPeerId).flatMap((m) => (m?.storageId && !m.isEphemeral ? [m.storageId] : []));
}

/** Follows `handle`: the time since when this device holds changes the
 * server has not confirmed, or null. `servers` names the storing peers;
 * what the repo already learned of their heads counts from the start, since
 * the event that told it (right after a reload, say) may have come before
 * this watch began, and a server that refused a change sends no second. */
export function watch(handle: Watched, servers: readonly StorageId[], onPending: (since: number | null) => void): () => void {
  let serverHeads: readonly string[] | null = null;
  let since: number | null = null;
  for (const id of servers) serverHeads = handle.getSyncInfo(id)?.lastHeads ?? serverHeads;
  const update = () => {
    const pending = serverHeads === null ? since !== null : !same(handle.heads(), serverHeads);
    const next = pending ? (since ?? Date.now()) : null;
    if (next !== since) {
      since = next;
      onPending(since);
    }
  };
  const onChange = () => {
    if (serverHeads === null && since === null) since = Date.now();
    update();
  };
  const onRemoteHeads = ({ heads }: { heads: readonly string[] }) => {
    serverHeads = heads;
    update();
  };
  handle.on('change', onChange);
  handle.on('remote-heads', onRemoteHeads);
  update();
  return () => {
    handle.off('change', onChange);
    handle.off('remote-heads', onRemoteHeads);
  };
}

/** Whether to tell the person: changes pending since `pendingSince` have
 * had {@link UNSAVED_AFTER_MS} of being online to reach the server. Time
 * offline does not count: a device back after a minute away has not been
 * refused anything, it is still sending. */
export function overdue(pendingSince: number | null, onlineSince: number, now: number, after: number = UNSAVED_AFTER_MS): boolean {
  return pendingSince !== null && now - Math.max(pendingSince, onlineSince) >= after;
}

/** True when, while online, one of `handles` (of `repo`) has held
 * unacknowledged changes for longer than {@link UNSAVED_AFTER_MS} of being
 * online. `onStalled` runs when the wait passes {@link RECONNECT_AFTER_MS},
 * and again after each {@link reconnectDelay} it goes on. */
export function useUnsaved(repo: Repo, handles: (DocHandle<unknown> | null)[], online: boolean, onStalled?: () => void): boolean {
  const [pending, setPending] = useState<Record<number, number | null>>({});
  const [now, setNow] = useState(Date.now());
  const [onlineSince, setOnlineSince] = useState(Date.now());
  useEffect(() => {
    if (online) {
      setOnlineSince(Date.now());
      setNow(Date.now());
    }
  }, [online]);
  useEffect(() => {
    const servers = storingPeers(repo);
    const stops = handles.map((h, i) => (h ? watch(h, servers, (since) => setPending((p) => ({ ...p, [i]: since }))) : () => undefined));
    return () => stops.forEach((stop) => stop());
  }, handles);
  const oldest = Object.values(pending).reduce<number | null>((min, s) => (s !== null && (min === null || s < min) ? s : min), null);
  useEffect(() => {
    if (oldest === null) return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [oldest]);
  // Reconnects made for the current wait, and when the last was.
  const retries = useRef<{ count: number; at: number }>({ count: 0, at: 0 });
  useEffect(() => {
    if (oldest === null) retries.current = { count: 0, at: 0 };
    if (!online || oldest === null) return;
    if (!overdue(Math.max(oldest, retries.current.at), onlineSince, now, reconnectDelay(retries.current.count))) return;
    retries.current = { count: retries.current.count + 1, at: now };
    onStalled?.();
  }, [online, oldest, onlineSince, now]);
  return online && overdue(oldest, onlineSince, now);
}
