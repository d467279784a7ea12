// Server-sent events (GET /api/events?token=). Every event is the device's
// whole view, as generated from the server's contract (ParticipantEvent,
// OrganiserEvent): the device replaces what it shows, it never merges
// partial updates. `applyParticipantEvent` is the pure reducer (tested).
// A quiet stream beats `alive`; `silent` says when it has stopped beating.
import { useEffect, useRef, useState } from 'preact/hooks';
import { routeParam } from './api';
import { reconnectSync } from './repo';
import type { MeView } from './generated/MeView';
import type { OrganiserEvent } from './generated/OrganiserEvent';
import type { ParticipantEvent } from './generated/ParticipantEvent';

export interface LiveState {
  me: MeView | null;
  /** The organiser deleted the session (or removed this participant). */
  deleted: boolean;
}

export function applyParticipantEvent(state: LiveState, ev: ParticipantEvent): LiveState {
  switch (ev.type) {
    case 'state':
      return { ...state, me: ev.me };
    case 'session-deleted':
      return { ...state, deleted: true };
    case 'alive':
      return state;
  }
}

/** How many of the server's `alive` intervals may pass in silence before
 * the stream counts as dead: one lost beat is not yet a dead connection. */
const SILENT_BEATS = 2.5;
/** The silence allowed before the first `alive` told the pace. */
const FIRST_SILENCE_MS = 25_000;

/** Whether a stream last heard at `lastHeard`, whose server promised a
 * beat every `everyMs` (null: not told yet), has gone silent by `now`. */
export function silent(lastHeard: number, everyMs: number | null, now: number): boolean {
  const allowed = everyMs === null ? FIRST_SILENCE_MS : everyMs * SILENT_BEATS;
  return now - lastHeard > allowed;
}

type Alive = Extract<ParticipantEvent, { type: 'alive' }>;

/** Opens the SSE stream for a token; `onEvent` sees every event but the
 * stream's own `alive` beats. A stream silent for longer than its beats
 * promise died without closing: it is opened again, and so is the token's
 * sync socket, which shares its fate. */
export function useEventStream<E extends { type: string }>(token: string | null, onEvent: (ev: Exclude<E, Alive>) => void): boolean {
  const [connected, setConnected] = useState(false);
  // Bumped to open the stream again after a silence.
  const [attempt, setAttempt] = useState(0);
  // The pace the server told, kept for the stream opened after a silence.
  const pace = useRef<number | null>(null);
  const cb = useRef(onEvent);
  cb.current = onEvent;
  useEffect(() => {
    if (!token) return;
    const route = routeParam(token);
    const es = new EventSource(`/api/events?token=${encodeURIComponent(token)}${route ? `&${route}` : ''}`);
    let lastHeard = Date.now();
    es.onopen = () => {
      lastHeard = Date.now();
      setConnected(true);
    };
    es.onerror = () => setConnected(false);
    es.onmessage = (m) => {
      lastHeard = Date.now();
      let ev: E | Alive;
      try {
        ev = JSON.parse(m.data) as E | Alive;
      } catch {
        return;
      }
      if (ev.type === 'alive') {
        pace.current = (ev as Alive).every_ms;
        return;
      }
      cb.current(ev as Exclude<E, Alive>);
      // The session is gone: the stream will not come back, stop retrying.
      if (ev.type === 'session-deleted') es.close();
    };
    const watch = setInterval(() => {
      // Also while connecting: a new stream can hang on a dead connection.
      if (es.readyState === EventSource.CLOSED || !silent(lastHeard, pace.current, Date.now())) return;
      es.close();
      setConnected(false);
      reconnectSync(token);
      setAttempt((a) => a + 1);
    }, 1000);
    return () => {
      clearInterval(watch);
      es.close();
    };
  }, [token, attempt]);
  return connected;
}

/** The organiser console's live view. */
export function useOrganiserEvents(secret: string | null, onEvent: (ev: Exclude<OrganiserEvent, Alive>) => void): boolean {
  return useEventStream<OrganiserEvent>(secret, onEvent);
}

/**
 * Participant live state: starts from GET /api/me (`initial`, once it has
 * come), follows SSE. `lastKnown`: what the device last knew, shown until
 * the server (its answer or its stream) says otherwise.
 */
export function useParticipantState(
  token: string | null,
  initial: MeView | null,
  lastKnown: MeView | null = null,
): { state: LiveState; connected: boolean } {
  const [state, setState] = useState<LiveState>({ me: initial ?? lastKnown, deleted: false });
  const provisional = useRef(initial === null && lastKnown !== null);
  useEffect(() => {
    if (!initial) return;
    const replace = provisional.current;
    provisional.current = false;
    setState((s) => (s.me && !replace ? s : { ...s, me: initial }));
  }, [initial]);
  const connected = useEventStream<ParticipantEvent>(token, (ev) => {
    provisional.current = false;
    setState((s) => applyParticipantEvent(s, ev));
  });
  return { state, connected };
}
