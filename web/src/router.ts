// A tiny client-side router: the current path as state, and navigate().
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set<() => void>();

export function navigate(path: string): void {
  history.pushState(null, '', path);
  listeners.forEach((l) => l());
}

export function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const update = () => setPath(location.pathname);
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return path;
}

export type Route =
  | { page: 'start' }
  | { page: 'join'; code: string }
  | { page: 'organiser'; sessionId: string }
  | { page: 'summary'; sessionId: string }
  | { page: 'projector'; sessionId: string }
  | { page: 'notfound' };

export function parseRoute(path: string): Route {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { page: 'start' };
  if (parts[0] === 'j' && parts[1]) return { page: 'join', code: parts[1].toUpperCase() };
  if (parts[0] === 'o' && parts[1] && parts[2] === 'samenvatting' && parts.length === 3) return { page: 'summary', sessionId: parts[1] };
  if (parts[0] === 'o' && parts[1] && parts[2] === 'scherm' && parts.length === 3) return { page: 'projector', sessionId: parts[1] };
  if (parts[0] === 'o' && parts[1] && parts.length === 2) return { page: 'organiser', sessionId: parts[1] };
  return { page: 'notfound' };
}
