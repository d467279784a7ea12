// Which notes of a room this device wrote, in an anonymous session: there
// a note carries no author, so nothing in the room says whose it is, and a
// participant whose notes arrived after the round's end would not be told
// they were kept. Kept on this device only, keyed by room document, and
// erased with the session's copy (localCopy.ts).
import { documentIdOf } from '../localCopy';

const PREFIX = 'samenbord.own.';

const keyOf = (roomUrl: string) => `${PREFIX}${documentIdOf(roomUrl)}`;

/** The ids of the notes this device wrote in the room. */
export function ownNotes(roomUrl: string): Set<string> {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(keyOf(roomUrl)) ?? '[]');
    return new Set(Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : []);
  } catch {
    return new Set();
  }
}

/** Remembers that this device wrote note `id` in the room. */
export function rememberOwnNote(roomUrl: string, id: string): void {
  try {
    const ids = ownNotes(roomUrl);
    ids.add(id);
    localStorage.setItem(keyOf(roomUrl), JSON.stringify([...ids]));
  } catch {
    // Storage full or blocked: only the late-note notice misses it.
  }
}

/** Forgets the notes of the given room documents. */
export function eraseOwnNotes(documentIds: string[]): void {
  try {
    for (const id of documentIds) localStorage.removeItem(`${PREFIX}${id}`);
  } catch {
    // Nothing stored, nothing to erase.
  }
}
