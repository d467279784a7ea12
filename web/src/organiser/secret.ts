// The organiser secret of a session: from the URL fragment (#secret=…, never
// sent to the server in a URL), remembered in sessionStorage for this tab.
import { loadSecret, saveSecret } from '../identity';

export function secretFromHash(sessionId: string): string | null {
  const m = /(?:^#|&)secret=([^&]+)/.exec(location.hash);
  if (m) {
    const s = decodeURIComponent(m[1]);
    saveSecret(sessionId, s);
    return s;
  }
  return loadSecret(sessionId);
}

/** A console path that keeps the secret in the fragment. */
export function organiserPath(sessionId: string, secret: string, page: '' | 'samenvatting' = ''): string {
  const base = `/o/${encodeURIComponent(sessionId)}${page ? `/${page}` : ''}`;
  return `${base}#secret=${encodeURIComponent(secret)}`;
}
