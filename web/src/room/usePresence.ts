// Presence over automerge-repo ephemeral messages: each client broadcasts
// {participant_id, name, role, remote} every few seconds; peers not heard
// from for a while drop off the list.
import type { DocHandle } from '@automerge/automerge-repo';
import { useEffect, useState } from 'preact/hooks';

export interface PresenceInfo {
  participant_id: string;
  name: string;
  role: string;
  remote: boolean;
}

const BEAT_MS = 4000;
const EXPIRE_MS = 13000;

export function usePresence<T>(handle: DocHandle<T> | null, self: PresenceInfo | null): PresenceInfo[] {
  const [peers, setPeers] = useState<Record<string, PresenceInfo & { seen: number }>>({});
  const selfKey = self ? JSON.stringify(self) : '';

  useEffect(() => {
    if (!handle) return;
    const onMsg = (payload: { message: unknown }) => {
      const m = payload.message as Partial<PresenceInfo> & { type?: string; leaving?: boolean };
      if (!m || m.type !== 'presence' || typeof m.participant_id !== 'string') return;
      const id = m.participant_id;
      setPeers((p) => {
        const next = { ...p };
        if (m.leaving) delete next[id];
        else next[id] = { participant_id: id, name: String(m.name ?? ''), role: String(m.role ?? ''), remote: Boolean(m.remote), seen: Date.now() };
        return next;
      });
    };
    handle.on('ephemeral-message', onMsg as never);
    const expire = setInterval(() => {
      const now = Date.now();
      setPeers((p) => {
        const stale = Object.values(p).filter((x) => now - x.seen > EXPIRE_MS);
        if (stale.length === 0) return p;
        const next = { ...p };
        stale.forEach((s) => delete next[s.participant_id]);
        return next;
      });
    }, 2000);
    return () => {
      handle.off('ephemeral-message', onMsg as never);
      clearInterval(expire);
    };
  }, [handle]);

  useEffect(() => {
    if (!handle || !self) return;
    const beat = () => {
      try {
        handle.broadcast({ type: 'presence', ...self });
      } catch {
        /* not ready or offline */
      }
    };
    beat();
    const iv = setInterval(beat, BEAT_MS);
    return () => {
      clearInterval(iv);
      try {
        handle.broadcast({ type: 'presence', participant_id: self.participant_id, leaving: true });
      } catch {
        /* ignore */
      }
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [handle, selfKey]);

  const others = Object.values(peers).filter((p) => p.participant_id !== self?.participant_id);
  return self ? [self, ...others] : others;
}
