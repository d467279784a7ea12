// Server-sent events (GET /api/events?token=). Every event is the device's
// whole view, as generated from the server's contract (ParticipantEvent,
// OrganiserEvent): the device replaces what it shows, it never merges
// partial updates. `applyParticipantEvent` is the pure reducer (tested).
import { useEffect, useRef, useState } from 'preact/hooks';
import { routeParam } from './api';
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
  }
}

/** Opens the SSE stream for a token; `onEvent` sees every event. */
export function useEventStream<E extends { type: string }>(token: string | null, onEvent: (ev: E) => void): boolean {
  const [connected, setConnected] = useState(false);
  const cb = useRef(onEvent);
  cb.current = onEvent;
  useEffect(() => {
    if (!token) return;
    const route = routeParam(token);
    const es = new EventSource(`/api/events?token=${encodeURIComponent(token)}${route ? `&${route}` : ''}`);
    es.onopen = () => setConnected(true);
    es.onerror = () => setConnected(false);
    es.onmessage = (m) => {
      let ev: E;
      try {
        ev = JSON.parse(m.data) as E;
      } catch {
        return;
      }
      cb.current(ev);
      // The session is gone: the stream will not come back, stop retrying.
      if (ev.type === 'session-deleted') es.close();
    };
    return () => es.close();
  }, [token]);
  return connected;
}

/** The organiser console's live view. */
export function useOrganiserEvents(secret: string | null, onEvent: (ev: OrganiserEvent) => void): boolean {
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
