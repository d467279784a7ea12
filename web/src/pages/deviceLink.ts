// Taking part from a second device as the same person: a link that carries
// the participant's token in the URL fragment (never sent to the server in
// a URL, like the organiser's secret). Joining again instead made a second
// participant, counted twice in the room and in the next round's grouping.
import type { MeView } from '../generated/MeView';
import type { Identity } from '../identity';

const PARAM = 'als';

/** The link that opens session `code` on another device as the holder of `token`. */
export function deviceLink(code: string, token: string): string {
  return `${location.origin}/j/${encodeURIComponent(code)}#${PARAM}=${encodeURIComponent(token)}`;
}

/** The token a device link brought, taken out of the address bar so it is
 * not left in the history or shown on a shared screen. */
export function takeTokenFromHash(): string | null {
  const m = new RegExp(`(?:^#|&)${PARAM}=([^&]+)`).exec(location.hash);
  if (!m) return null;
  history.replaceState(history.state, '', location.pathname + location.search);
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null;
  }
}

/** The identity a device keeps, rebuilt from what the server says about `token`. */
export function identityFrom(code: string, token: string, me: MeView): Identity {
  return {
    session_id: me.session.id,
    participant_id: me.participant.id,
    token,
    private_doc_url: me.private_doc_url ?? '',
    code,
    name: me.participant.name,
    role: me.participant.role,
  };
}
