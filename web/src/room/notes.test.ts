// Unit tests for note ordering, drop positions, votes and topic grouping.
import { describe, expect, it } from 'vitest';
import type { Note } from '../generated/Note';
import { groupByTopic, makeNote, notesFor, orderAtEnd, orderBetween, orderForDrop, voteCount } from './notes';

function note(id: string, target: string, order: number, extra: Partial<Note> = {}): Note {
  return {
    ...makeNote({ id, target, text: id, author: { id: 'p', name: 'Ana', role: 'mentor' }, anonymous: false, colour: 'yellow', now: 0, order }),
    ...extra,
  };
}

const notes = {
  a: note('a', 'kansen', 2),
  b: note('b', 'kansen', 1),
  c: note('c', 'kansen', 3, { deleted: true }),
  d: note('d', 'uitdagingen', 1),
  e: note('e', 'kansen', 2, { created_at: 5 }),
};

describe('notesFor', () => {
  it('lists live notes of one target by order, then time, then id', () => {
    expect(notesFor(notes, 'kansen').map((n) => n.id)).toEqual(['b', 'a', 'e']);
  });
  it('is empty for an unknown target', () => {
    expect(notesFor(notes, 'nope')).toEqual([]);
  });
});

describe('ordering', () => {
  it('appends after the last note', () => {
    expect(orderAtEnd(notes, 'kansen')).toBe(3);
    expect(orderAtEnd(notes, 'leeg')).toBe(1);
  });
  it('finds a value between neighbours', () => {
    expect(orderBetween(1, 2)).toBe(1.5);
    expect(orderBetween(undefined, 1)).toBe(0);
    expect(orderBetween(4, undefined)).toBe(5);
  });
  it('places a dropped note before another', () => {
    const o = orderForDrop(notes, 'kansen', 'd', 'a');
    expect(o).toBeGreaterThan(1);
    expect(o).toBeLessThan(2);
  });
  it('places a dropped note at the end of an empty target', () => {
    expect(orderForDrop(notes, 'leeg', 'a', null)).toBe(1);
  });
});

describe('votes and topics', () => {
  it('counts one vote per participant', () => {
    expect(voteCount(note('v', 't', 1, { votes: { p1: true, p2: true } }))).toBe(2);
  });
  it('splits notes into topic groups and the rest', () => {
    const list = [note('x', 't', 1, { topic_id: 'T' }), note('y', 't', 2), note('z', 't', 3, { topic_id: 'gone' })];
    const groups = groupByTopic(list, [{ id: 'T', name: 'Tijd', target: 't', created_at: 0 }]);
    expect(groups[0].notes.map((n) => n.id)).toEqual(['x']);
    expect(groups[1].topic).toBeNull();
    expect(groups[1].notes.map((n) => n.id)).toEqual(['y', 'z']);
  });
  it('keeps names and the link to the person out of anonymous notes', () => {
    const n = makeNote({ id: 'n', target: 't', text: '', author: { id: 'p', name: 'Ana', role: 'mentor' }, anonymous: true, colour: 'yellow', now: 1, order: 1 });
    expect(n.author_name).toBe('');
    expect(n.author_id).toBe('');
    expect(n.author_role).toBe('mentor');
  });
});
