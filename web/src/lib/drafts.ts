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
