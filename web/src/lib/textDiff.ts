// Turns "the textarea now says X" into the smallest single splice against the
// document's text, so concurrent typing in one note merges instead of one
// person's whole string overwriting the other's. Also maps a caret position
// through a remote edit so the local cursor does not jump.

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
