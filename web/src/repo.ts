// The automerge-repo instance for one token: WebSocket sync to /sync and
// IndexedDB storage, so edits made offline survive a reload and sync later.
import { Repo, type AutomergeUrl, type DocHandle } from '@automerge/automerge-repo';
import { BrowserWebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import { IndexedDBStorageAdapter } from '@automerge/automerge-repo-storage-indexeddb';
import { routeParam } from './api';

/** The IndexedDB database every repo stores its documents in. */
export const DATABASE = 'samenbord';

const repos = new Map<string, Repo>();
const sockets = new Map<string, BrowserWebSocketClientAdapter>();

export function syncUrl(token: string): string {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const route = routeParam(token);
  return `${proto}//${location.host}/sync?token=${encodeURIComponent(token)}${route ? `&${route}` : ''}`;
}

/** One repo per token for the page's lifetime. */
export function repoFor(token: string): Repo {
  let repo = repos.get(token);
  if (!repo) {
    const socket = new BrowserWebSocketClientAdapter(syncUrl(token), 2000);
    sockets.set(token, socket);
    repo = new Repo({
      network: [socket],
      storage: new IndexedDBStorageAdapter(DATABASE),
      // Stored at once, not after the default 100 ms: a phone offline that
      // reloads right after a note is typed must still have the note (a
      // browser test lost it that way once).
      saveDebounceRate: 0,
    });
    repos.set(token, repo);
  }
  return repo;
}

// Leaving the page: store whatever is still pending (best effort; the
// browser may not wait for it).
if (typeof window !== 'undefined') {
  window.addEventListener('pagehide', () => {
    for (const repo of repos.values()) void repo.flush();
  });
}

/**
 * Drops the token's sync socket and opens a new one. For a socket that died
 * without closing (a phone that changed networks, a Wi-Fi that dropped the
 * connection): the browser keeps it "open" until TCP gives up, minutes
 * later, and what is typed meanwhile waits in it. The repo syncs again over
 * the new socket, as after any reconnect.
 */
export function reconnectSync(token: string): void {
  const socket = sockets.get(token);
  if (!socket?.peerId || !socket.socket) return;
  const { peerId, peerMetadata } = socket;
  socket.disconnect();
  // Chromium opens a new socket to the same server only once the old one
  // is gone: connecting in the same breath left the new one waiting behind
  // a dead handshake for good (seen in dead-connection.test.mjs).
  setTimeout(() => socket.connect(peerId, peerMetadata), RECONNECT_PAUSE_MS);
}

/** The pause between dropping a dead socket and opening the next. */
const RECONNECT_PAUSE_MS = 500;

/** Saves what is pending, disconnects, and forgets the token's repo. */
export async function closeRepo(token: string): Promise<void> {
  const repo = repos.get(token);
  if (!repo) return;
  repos.delete(token);
  sockets.delete(token);
  await repo.shutdown();
}

/** Finds a document, retrying while it is not yet available (e.g. offline). */
export async function findDoc<T>(repo: Repo, url: string, signal?: AbortSignal): Promise<DocHandle<T>> {
  let delay = 500;
  for (;;) {
    try {
      return await repo.find<T>(url as AutomergeUrl, signal ? { signal } : undefined);
    } catch (e) {
      if (signal?.aborted) throw e;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 5000);
    }
  }
}
