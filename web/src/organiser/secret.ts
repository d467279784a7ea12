// The organiser secret of a session: from the URL fragment (#secret=…, never
// sent to the server in a URL), then remembered in this browser's
// localStorage, so a new tab or a restarted browser still opens the console
// (until the session is deleted). Losing the link must not lose the day.
const key = (sessionId: string) => `samenbord.organiser.${sessionId}`;

export function rememberSecret(sessionId: string, secret: string): void {
  try {
    localStorage.setItem(key(sessionId), secret);
  } catch {
    /* storage blocked: the link in the address bar still works */
  }
}

export function forgetSecret(sessionId: string): void {
  localStorage.removeItem(key(sessionId));
}

export function secretFromHash(sessionId: string): string | null {
  const m = /(?:^#|&)secret=([^&]+)/.exec(location.hash);
  if (m) {
    const s = decodeURIComponent(m[1]);
    rememberSecret(sessionId, s);
    return s;
  }
  return localStorage.getItem(key(sessionId));
}

/** A console path that keeps the secret in the fragment. */
export function organiserPath(sessionId: string, secret: string, page: '' | 'samenvatting' | 'scherm' = ''): string {
  const base = `/o/${encodeURIComponent(sessionId)}${page ? `/${page}` : ''}`;
  return `${base}#secret=${encodeURIComponent(secret)}`;
}

/** The text of the recovery file an organiser downloads and keeps. */
export function recoveryText(title: string, link: string, intro: string): string {
  return `${intro}\n\n${title}\n${link}\n`;
}
