// This device's copy of a session: the automerge documents (rooms, the
// private notes) that repo.ts keeps in IndexedDB so offline edits survive
// a reload. Their ids are listed per session in localStorage as they are
// opened, so that when the session is gone (the organiser deleted it, or
// the server no longer knows the token) every copy can be erased: nothing
// of a deleted session stays on a participant's phone.
import { IndexedDBStorageAdapter } from '@automerge/automerge-repo-storage-indexeddb';
import { eraseDrafts } from './lib/drafts';
import { eraseOwnNotes } from './lib/ownNotes';
import { DATABASE, closeRepo } from './repo';

const listKey = (sessionId: string) => `samenbord.docs.${sessionId}`;

/** The document id of an `automerge:` URL (or of a bare id). */
export function documentIdOf(url: string): string {
  return url.replace(/^automerge:/, '').split('#')[0];
}

export function rememberedDocuments(sessionId: string): string[] {
  try {
    const list: unknown = JSON.parse(localStorage.getItem(listKey(sessionId)) ?? '[]');
    return Array.isArray(list) ? list.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

/** Notes that this device holds `url` of the session. */
export function rememberDocument(sessionId: string, url: string | null | undefined): void {
  if (!url) return;
  const id = documentIdOf(url);
  const list = rememberedDocuments(sessionId);
  if (id && !list.includes(id)) localStorage.setItem(listKey(sessionId), JSON.stringify([...list, id]));
}

/**
 * Stops the session's repo (so nothing is written after), then removes
 * every stored chunk of its documents. The list goes last, so an erase cut
 * short (tab closed) is done again the next time.
 */
export async function eraseSessionCopy(sessionId: string, token: string): Promise<void> {
  // A repo that fails to shut down must not keep its documents on the device.
  await closeRepo(token).catch(() => undefined);
  const ids = rememberedDocuments(sessionId);
  if (ids.length > 0) {
    const storage = new IndexedDBStorageAdapter(DATABASE);
    for (const id of ids) await storage.removeRange([id]);
  }
  eraseDrafts(ids);
  eraseOwnNotes(ids);
  localStorage.removeItem(listKey(sessionId));
}
