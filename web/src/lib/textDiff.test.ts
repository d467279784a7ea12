// Unit tests for the text diff that drives collaborative note editing.
import { describe, expect, it } from 'vitest';
import { diffToSplice, mapCaret, rebaseEdit, spliceAtCaret } from './textDiff';

function apply(text: string, s: ReturnType<typeof diffToSplice>): string {
  if (!s) return text;
  return text.slice(0, s.index) + s.insert + text.slice(s.index + s.deleteCount);
}

describe('diffToSplice', () => {
  it('returns null for equal text', () => {
    expect(diffToSplice('abc', 'abc')).toBeNull();
  });
  it('finds an insertion in the middle', () => {
    expect(diffToSplice('hallo wereld', 'hallo mooie wereld')).toEqual({ index: 6, deleteCount: 0, insert: 'mooie ' });
  });
  it('finds a deletion at the end', () => {
    expect(diffToSplice('kansen!', 'kansen')).toEqual({ index: 6, deleteCount: 1, insert: '' });
  });
  it('finds a replacement', () => {
    const s = diffToSplice('de lerende leraar', 'de lerende school');
    expect(apply('de lerende leraar', s)).toBe('de lerende school');
    expect(s?.index).toBe(11);
  });
  it('handles repeated characters without over-deleting', () => {
    const s = diffToSplice('aaa', 'aaaa');
    expect(s).toEqual({ index: 3, deleteCount: 0, insert: 'a' });
  });
  it('keeps surrogate pairs whole', () => {
    const before = 'a😀b';
    const after = 'a😃b';
    const s = diffToSplice(before, after);
    expect(apply(before, s)).toBe(after);
    expect(s?.insert).toBe('😃');
  });
  it('round-trips arbitrary edits', () => {
    const pairs = [['', 'x'], ['x', ''], ['abc', 'xbz'], ['Opbrengsten', 'Opbrengst']];
    for (const [a, b] of pairs) expect(apply(a, diffToSplice(a, b))).toBe(b);
  });
});

describe('mapCaret', () => {
  it('shifts the caret when text is inserted before it', () => {
    expect(mapCaret('world', 'hello world', 5)).toBe(11);
  });
  it('keeps the caret when text is added after it', () => {
    expect(mapCaret('hello', 'hello world', 2)).toBe(2);
  });
  it('moves the caret back when text before it is deleted', () => {
    expect(mapCaret('hello world', 'world', 11)).toBe(5);
  });
});

describe('spliceAtCaret', () => {
  it('places a typed repeat of the previous letter at the caret', () => {
    expect(spliceAtCaret('aaa', 'aaaa', 3)).toEqual({ index: 2, deleteCount: 0, insert: 'a' });
    expect(spliceAtCaret('Proef  ', 'Proef   ', 6)).toEqual({ index: 5, deleteCount: 0, insert: ' ' });
  });
  it('places a backspace at the caret', () => {
    expect(spliceAtCaret('aab', 'ab', 1)).toEqual({ index: 1, deleteCount: 1, insert: '' });
  });
});

describe('rebaseEdit', () => {
  it('keeps the edit where it was made when nothing changed remotely', () => {
    expect(rebaseEdit({ base: 'ab', next: 'abc', caret: 3, anchor: null }, 'ab')).toEqual({ index: 2, deleteCount: 0, insert: 'c' });
  });
  it('shifts the edit past remote text the field has not shown yet', () => {
    const s = rebaseEdit({ base: 'de tekst', next: 'de tekst!', caret: 9, anchor: null }, 'nu de tekst');
    expect(s).toEqual({ index: 11, deleteCount: 0, insert: '!' });
  });
  it('follows the pinned caret when a remote insert at the same spot is ambiguous', () => {
    // Ana typed " " after "2:"; Ben's " " landed before hers; her "a" goes after her own space.
    const anchor = { at: 9, resolve: () => 10 };
    const s = rebaseEdit({ base: 'Proef 2: ', next: 'Proef 2: a', caret: 10, anchor }, 'Proef 2:  ');
    expect(s).toEqual({ index: 10, deleteCount: 0, insert: 'a' });
  });
});
