// Presence over automerge-repo ephemeral messages: each client broadcasts
// {participant_id, name, role, remote} every few seconds; peers not heard
// from for a while drop off the list.
//
// A phone that was offline neither heard the others nor was heard: it keeps
// the list it had while offline (nobody is dropped for a silence that was
// its own), and once back it says hello, which everyone answers at once. A
// walk-through saw "1 aanwezig" for ~5 s after a reconnect, in a room of 5.
import type { DocHandle } from '@automerge/automerge-repo';
import { useEffect, useRef, useState } from 'preact/hooks';

export interface PresenceInfo {
  participant_id: string;
  name: string;
  role: string;
  remote: boolean;
}

const BEAT_MS = 4000;
const EXPIRE_MS = 13000;
/** Hellos after coming back online: the sync socket may take a moment. */
const HELLO_AFTER_MS = [0, 1000, 2500];
/** Answers to hellos at most this often. */
const ANSWER_EVERY_MS = 1000;

export function usePresence<T>(handle: DocHandle<T> | null, self: PresenceInfo | null, online: boolean): PresenceInfo[] {
  const [peers, setPeers] = useState<Record<string, PresenceInfo & { seen: number }>>({});
  const selfKey = self ? JSON.stringify(self) : '';
  const selfRef = useRef(self);
  selfRef.current = self;
  const onlineRef = useRef(online);
  onlineRef.current = online;
  const lastAnswer = useRef(0);

  /** A regular beat, or a hello that asks everyone to answer at once. */
  const beat = (kind: 'beat' | 'hello') => {
    const me = selfRef.current;
    if (!handle || !me) return;
    try {
      handle.broadcast({ type: 'presence', ...me, ...(kind === 'hello' ? { hello: true } : {}) });
    } catch {
      /* not ready or offline */
    }
  };

  useEffect(() => {
    if (!handle) return;
    const onMsg = (payload: { message: unknown }) => {
      const m = payload.message as Partial<PresenceInfo> & { type?: string; leaving?: boolean; hello?: boolean };
      if (!m || m.type !== 'presence' || typeof m.participant_id !== 'string') return;
      const id = m.participant_id;
      setPeers((p) => {
        const next = { ...p };
        if (m.leaving) delete next[id];
        else next[id] = { participant_id: id, name: String(m.name ?? ''), role: String(m.role ?? ''), remote: Boolean(m.remote), seen: Date.now() };
        return next;
      });
      if (m.hello && id !== selfRef.current?.participant_id && Date.now() - lastAnswer.current >= ANSWER_EVERY_MS) {
        lastAnswer.current = Date.now();
        beat('beat');
      }
    };
    handle.on('ephemeral-message', onMsg as never);
    const expire = setInterval(() => {
      if (!onlineRef.current) return;
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
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [handle]);

  useEffect(() => {
    if (!handle || !self) return;
    const leave = () => {
      try {
        handle.broadcast({ type: 'presence', participant_id: self.participant_id, leaving: true });
      } catch {
        /* ignore */
      }
    };
    // A closed tab never unmounts: without a word on `pagehide` the others
    // kept it on their list until it expired (a walk-through counted it
    // for half a minute). A page back from the back/forward cache says
    // hello again.
    const back = (event: PageTransitionEvent) => {
      if (event.persisted) beat('hello');
    };
    beat('hello');
    const iv = setInterval(() => beat('beat'), BEAT_MS);
    window.addEventListener('pagehide', leave);
    window.addEventListener('pageshow', back);
    return () => {
      clearInterval(iv);
      window.removeEventListener('pagehide', leave);
      window.removeEventListener('pageshow', back);
      leave();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [handle, selfKey]);

  // Back online (not on the first render: joining says hello above):
  // everyone known gets a fresh EXPIRE_MS to be heard again, and hellos
  // ask them to be heard now.
  const wasOnline = useRef(online);
  useEffect(() => {
    const back = online && !wasOnline.current;
    wasOnline.current = online;
    if (!back || !handle) return;
    const now = Date.now();
    setPeers((p) => Object.fromEntries(Object.entries(p).map(([id, x]) => [id, { ...x, seen: Math.max(x.seen, now) }])));
    const timers = HELLO_AFTER_MS.map((ms) => setTimeout(() => beat('hello'), ms));
    return () => timers.forEach(clearTimeout);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [online, handle]);

  const others = Object.values(peers).filter((p) => p.participant_id !== self?.participant_id);
  return self ? [self, ...others] : others;
}
