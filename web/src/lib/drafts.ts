// A note being typed but not yet added, kept on this device until it is
// added: closing the tab or a phone dropping the page mid-sentence loses
// nothing. Keyed by room document and target; erased with the session's
// copy (localCopy.ts) like everything else of a deleted session.
import { documentIdOf } from '../localCopy';

const PREFIX = 'samenbord.draft.';

export function draftKey(roomUrl: string, target: string, silent: boolean): string {
  return `${PREFIX}${documentIdOf(roomUrl)}.${target}${silent ? '.silent' : ''}`;
}

export function readDraft(key: string): string {
  try {
    return localStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
}

/** Stores `text` (an empty text removes the draft). */
export function writeDraft(key: string, text: string): void {
  try {
    if (text) localStorage.setItem(key, text);
    else localStorage.removeItem(key);
  } catch {
    // Storage full or blocked: the field still holds the text.
  }
}

/**
 * Moves the drafts typed in one room to the same questions of another:
 * someone the organiser moves mid-sentence keeps the sentence. A question
 * that holds a draft in the new room already gets both.
 */
export function carryDrafts(fromRoomUrl: string, toRoomUrl: string): boolean {
  const from = `${PREFIX}${documentIdOf(fromRoomUrl)}.`;
  const to = `${PREFIX}${documentIdOf(toRoomUrl)}.`;
  let carried = false;
  try {
    const keys: string[] = [];
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key?.startsWith(from)) keys.push(key);
    }
    for (const key of keys) {
      const text = readDraft(key);
      const target = to + key.slice(from.length);
      const there = readDraft(target);
      writeDraft(target, there ? `${there}\n${text}` : text);
      writeDraft(key, '');
      carried = carried || text.trim() !== '';
    }
  } catch {
    // Storage blocked: nothing was kept to carry.
  }
  return carried;
}

/** Removes the drafts of the given room documents. */
export function eraseDrafts(documentIds: string[]): void {
  try {
    const doomed: string[] = [];
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key?.startsWith(PREFIX) && documentIds.some((id) => key.startsWith(`${PREFIX}${id}.`))) doomed.push(key);
    }
    for (const key of doomed) localStorage.removeItem(key);
  } catch {
    // Nothing stored, nothing to erase.
  }
}
