// Server-sent events (GET /api/events?token=): the participant's live state.
// `applyEvent` is the pure reducer (tested); `useParticipantEvents` wires it
// to an EventSource and reports whether the stream is connected.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Me } from './types';

export interface LiveState {
  me: Me | null;
  /** Bumped whenever the organiser closes/reopens or a round ends. */
  closedRooms: Record<string, boolean>;
  /** The organiser deleted the session (SSE `session-deleted`). */
  deleted?: boolean;
}

export type ServerEvent = { type: string; [k: string]: unknown };

/** The room document's URL from an event: `doc_url`, or `document_id`. */
export function docUrlOf(ev: ServerEvent): string {
  if (typeof ev.doc_url === 'string' && ev.doc_url) return ev.doc_url;
  const id = typeof ev.document_id === 'string' ? ev.document_id : '';
  if (!id) return '';
  return id.startsWith('automerge:') ? id : `automerge:${id}`;
}

export function applyEvent(state: LiveState, ev: ServerEvent): LiveState {
  const me = state.me;
  switch (ev.type) {
    case 'state':
      return { ...state, me: ev as unknown as Me };
    case 'room-assigned': {
      if (!me) return state;
      const room = {
        round_id: String(ev.round_id ?? ''),
        room_id: String(ev.room_id ?? ''),
        doc_url: docUrlOf(ev),
        template_id: String(ev.template_id ?? me.room?.template_id ?? ''),
        closed: false,
      };
      const round = me.round && me.round.id === room.round_id ? me.round : { id: room.round_id, name: String(ev.round_name ?? ''), timer_ends_at: null };
      return { ...state, me: { ...me, room, round } };
    }
    case 'round-started': {
      if (!me) return state;
      const id = String(ev.round_id ?? me.round?.id ?? '');
      return { ...state, me: { ...me, round: { id, name: String(ev.name ?? ev.round_name ?? me.round?.name ?? ''), timer_ends_at: (ev.timer_ends_at as string) ?? null } } };
    }
    case 'round-ended': {
      if (!me?.room || me.room.round_id !== ev.round_id) return state;
      return { ...state, me: { ...me, room: { ...me.room, closed: true } }, closedRooms: { ...state.closedRooms, [me.room.room_id]: true } };
    }
    case 'room-closed':
    case 'room-reopened': {
      const closed = ev.type === 'room-closed';
      const roomId = String(ev.room_id ?? '');
      const next = { ...state, closedRooms: { ...state.closedRooms, [roomId]: closed } };
      if (me?.room && me.room.room_id === roomId) next.me = { ...me, room: { ...me.room, closed } };
      return next;
    }
    case 'timer': {
      if (!me) return state;
      const round = me.round ?? { id: String(ev.round_id ?? ''), name: '', timer_ends_at: null };
      return { ...state, me: { ...me, round: { ...round, timer_ends_at: (ev.ends_at as string | number | null) ?? null } } };
    }
    case 'broadcast':
      if (!me) return state;
      return { ...state, me: { ...me, broadcast: { message: String(ev.message ?? ''), at: (ev.at as string | number) ?? Date.now() } } };
    case 'session-deleted':
      return { ...state, deleted: true };
    default:
      return state;
  }
}

/** Opens the SSE stream for a token; `onEvent` sees every parsed event. */
export function useEventStream(token: string | null, onEvent: (ev: ServerEvent) => void): boolean {
  const [connected, setConnected] = useState(false);
  const cb = useRef(onEvent);
  cb.current = onEvent;
  useEffect(() => {
    if (!token) return;
    const es = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
    es.onopen = () => setConnected(true);
    es.onerror = () => setConnected(false);
    es.onmessage = (m) => {
      try {
        const ev = JSON.parse(m.data) as ServerEvent;
        if (ev && typeof ev.type === 'string') cb.current(ev);
        // The session is gone: the stream will not come back, stop retrying.
        if (ev?.type === 'session-deleted') es.close();
      } catch {
        /* ignore malformed event */
      }
    };
    // Named SSE events (event: state) as well as plain data events.
    const names = ['state', 'room-assigned', 'round-started', 'round-ended', 'room-closed', 'room-reopened', 'timer', 'broadcast', 'overview', 'session-deleted'];
    const named = (name: string) => (m: MessageEvent) => {
      try {
        const ev = JSON.parse(m.data) as ServerEvent;
        cb.current({ ...ev, type: typeof ev.type === 'string' ? ev.type : name });
      } catch {
        /* ignore */
      }
    };
    const handlers = names.map((n) => [n, named(n)] as const);
    handlers.forEach(([n, h]) => es.addEventListener(n, h as EventListener));
    return () => es.close();
  }, [token]);
  return connected;
}

const REFRESH_ON = new Set(['room-assigned', 'round-started', 'round-ended', 'timer']);

/** Participant live state: starts from GET /api/me, follows SSE. */
export function useParticipantState(token: string | null, initial: Me | null): { state: LiveState; connected: boolean } {
  const [state, setState] = useState<LiveState>({ me: initial, closedRooms: {} });
  useEffect(() => {
    if (initial) setState((s) => (s.me ? s : { ...s, me: initial }));
  }, [initial]);
  const connected = useEventStream(token, (ev) => {
    setState((s) => applyEvent(s, ev));
    // Events carry only ids; the full picture (round name, label) comes from /api/me.
    if (token && REFRESH_ON.has(ev.type)) {
      fetch('/api/me', { headers: { Authorization: `Bearer ${token}` } })
        .then((r) => (r.ok ? r.json() : null))
        .then((me: Me | null) => me && setState((s) => applyEvent(s, { ...me, type: 'state' })))
        .catch(() => undefined);
    }
  });
  return { state, connected };
}
