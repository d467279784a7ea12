// Pure note logic for a room: which notes show where and in what order,
// fractional ordering for moves, votes, and building a new note record.
import type { Note } from '../generated/Note';
import type { NoteColour } from '../generated/NoteColour';
import type { ParticipantRole } from '../generated/ParticipantRole';
import type { RoomDoc } from '../generated/RoomDoc';
import type { Topic } from '../generated/Topic';

/** Live (not deleted) notes stuck to `target`, in their shown order. */
export function notesFor(notes: Record<string, Note> | undefined, target: string): Note[] {
  return Object.values(notes ?? {})
    .filter((n) => n && !n.deleted && String(n.target) === target)
    .sort(compareNotes);
}

/** Order by `order`, then creation time, then id: stable on every replica. */
export function compareNotes(a: Note, b: Note): number {
  return (a.order ?? 0) - (b.order ?? 0) || (a.created_at ?? 0) - (b.created_at ?? 0) || cmp(a.id, b.id);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** An `order` that places a new note after every note in `target`. */
export function orderAtEnd(notes: Record<string, Note> | undefined, target: string): number {
  const list = notesFor(notes, target);
  return list.length === 0 ? 1 : (list[list.length - 1].order ?? 0) + 1;
}

/** An `order` strictly between two neighbours (either may be missing). */
export function orderBetween(before: number | undefined, after: number | undefined): number {
  if (before === undefined && after === undefined) return 1;
  if (before === undefined) return (after as number) - 1;
  if (after === undefined) return before + 1;
  return (before + after) / 2;
}

/** Where a note lands when dropped before `beforeId` (or at the end) in `target`. */
export function orderForDrop(
  notes: Record<string, Note> | undefined,
  target: string,
  movingId: string,
  beforeId: string | null,
): number {
  const list = notesFor(notes, target).filter((n) => n.id !== movingId);
  if (beforeId === null) return list.length === 0 ? 1 : list[list.length - 1].order + 1;
  const i = list.findIndex((n) => n.id === beforeId);
  if (i < 0) return list.length === 0 ? 1 : list[list.length - 1].order + 1;
  return orderBetween(i > 0 ? list[i - 1].order : undefined, list[i].order);
}

export function voteCount(note: Note): number {
  return Object.keys(note.votes ?? {}).length;
}

export function hasVoted(note: Note, participantId: string): boolean {
  return Boolean(note.votes && note.votes[participantId]);
}

/** Topic groups of one target, oldest first. */
export function topicsFor(topics: Record<string, Topic> | undefined, target: string): Topic[] {
  return Object.values(topics ?? {})
    .filter((t) => t && String(t.target) === target)
    .sort((a, b) => a.created_at - b.created_at || cmp(a.id, b.id));
}

/** Notes of a target split into topic groups and the rest. */
export function groupByTopic(
  notes: Note[],
  topics: Topic[],
): { topic: Topic | null; notes: Note[] }[] {
  const known = new Set(topics.map((t) => t.id));
  const groups = topics.map((topic) => ({ topic: topic as Topic | null, notes: notes.filter((n) => n.topic_id === topic.id) }));
  const loose = notes.filter((n) => !n.topic_id || !known.has(n.topic_id));
  return [...groups, { topic: null, notes: loose }];
}

export interface Author {
  id: string;
  name: string;
  role: ParticipantRole;
}

/** A fresh note record; `anonymous` keeps the name out of the document. */
export function makeNote(args: {
  id: string;
  target: string;
  text: string;
  author: Author;
  anonymous: boolean;
  colour: NoteColour;
  now: number;
  order: number;
}): Note {
  return {
    id: args.id,
    target: args.target,
    text: args.text,
    author_id: args.anonymous ? '' : args.author.id,
    author_name: args.anonymous ? '' : args.author.name,
    author_role: args.author.role,
    colour: args.colour,
    created_at: args.now,
    order: args.order,
    votes: {},
    topic_id: null,
    deleted: false,
  };
}

/** Count of live notes in a room document. */
export function liveNoteCount(doc: Pick<RoomDoc, 'notes'> | undefined): number {
  return Object.values(doc?.notes ?? {}).filter((n) => n && !n.deleted).length;
}

/**
 * Whether I may delete (or restore) `note` in the room. The server's gate
 * decides (crates/protocol/src/gate/fields.rs) and closes the connection of
 * a device that tries otherwise; this only keeps the button off notes it
 * would refuse: its writer's, the leader's, anyone's when anonymous (no
 * note names its writer then).
 */
export function mayDelete(note: Pick<Note, 'author_id'>, who: { me: Author; leader: boolean; anonymous: boolean }): boolean {
  return who.anonymous || who.leader || String(note.author_id) === who.me.id;
}
