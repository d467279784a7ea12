// Turns "the textarea now says X" into the one splice the person made at
// their caret, and carries that splice over to the document's current text
// (which may already hold remote edits the textarea has not shown yet), so
// concurrent typing in one note merges instead of one person's whole string
// overwriting or displacing the other's. Also maps a caret position through a
// remote edit so the local cursor does not jump.

export interface Splice {
  index: number;
  deleteCount: number;
  insert: string;
}

/** The one splice that turns `before` into `after` (null if equal). */
export function diffToSplice(before: string, after: string): Splice | null {
  if (before === after) return null;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (
    endBefore > start &&
    endAfter > start &&
    before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)
  ) {
    endBefore--;
    endAfter--;
  }
  // Do not split a surrogate pair.
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  return { index: start, deleteCount: endBefore - start, insert: after.slice(start, endAfter) };
}

/** What a person changed in a text field: the text it showed, the text it
 * shows now, where the caret ended, and where their caret was anchored in
 * the document after their previous keystroke (if the field knows). */
export interface TextEdit {
  base: string;
  next: string;
  caret: number;
  anchor: CaretAnchor | null;
}

/** A caret pinned to the character on its left in the document (an
 * Automerge cursor), so it stays with the person's own text whatever others
 * insert around it. `at` is the caret's index in the field when pinned. */
export interface CaretAnchor {
  at: number;
  /** The caret's index in the document's text now (null if unknown). */
  resolve: () => number | null;
}

/**
 * The splice that turns `before` into `after`, placed so that it ends at
 * `caret` (where the person typed): in "aa|a" typing "a" inserts at 2, not at
 * the end. Equal text on both sides of an edit is otherwise ambiguous, and a
 * wrong guess moves characters once a remote edit lands next to them.
 */
export function spliceAtCaret(before: string, after: string, caret: number): Splice | null {
  if (before === after) return null;
  const maxSuffix = Math.max(0, Math.min(after.length - Math.min(caret, after.length), before.length));
  let suffix = 0;
  while (suffix < maxSuffix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  const maxPrefix = Math.min(before.length, after.length) - suffix;
  let start = 0;
  while (start < maxPrefix && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  return { index: start, deleteCount: before.length - suffix - start, insert: after.slice(start, after.length - suffix) };
}

/**
 * The person's edit as a splice against `current`, the document's text now,
 * which may hold remote edits the field has not shown yet. An edit that ends
 * at the pinned caret (typing, backspace) goes where the caret's anchor is
 * now; any other edit is shifted by the text diff (`mapCaret`).
 */
export function rebaseEdit(edit: TextEdit, current: string): Splice | null {
  const local = spliceAtCaret(edit.base, edit.next, edit.caret);
  if (!local || current === edit.base) return local;
  const pinned = edit.anchor && local.index + local.deleteCount === edit.anchor.at ? edit.anchor.resolve() : null;
  if (pinned !== null && pinned >= local.deleteCount) {
    return { index: pinned - local.deleteCount, deleteCount: local.deleteCount, insert: local.insert };
  }
  const index = mapCaret(edit.base, current, local.index);
  const end = Math.max(index, mapCaret(edit.base, current, local.index + local.deleteCount));
  return { index, deleteCount: end - index, insert: local.insert };
}

/** Where a caret at `pos` in `before` belongs once the text became `after`. */
export function mapCaret(before: string, after: string, pos: number): number {
  const s = diffToSplice(before, after);
  if (!s) return pos;
  if (pos <= s.index) return pos;
  if (pos >= s.index + s.deleteCount) return pos - s.deleteCount + s.insert.length;
  return s.index + s.insert.length;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
