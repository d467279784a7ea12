// Every write a participant makes to a room document, in one place: notes
// (add, edit text by splice, move, vote, colour, delete/undo), topics,
// agreements, and the leader's phase/reveal/deck/pinned-question writes.
import { getCursor, getCursorPosition, splice, type DocHandle } from '@automerge/automerge-repo';
import { rebaseEdit, type CaretAnchor, type TextEdit } from '../lib/textDiff';
import type { Agreement } from '../generated/Agreement';
import type { Note } from '../generated/Note';
import type { NoteColour } from '../generated/NoteColour';
import type { PrivateDoc } from '../generated/PrivateDoc';
import type { PrivateNote } from '../generated/PrivateNote';
import type { RoomDoc } from '../generated/RoomDoc';

type Path = (string | number)[];

function readAt(doc: unknown, path: Path): unknown {
  let cur: unknown = doc;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

/** Applies a person's edit to the text at `path` as one splice at their
 * caret, carried over any remote edits the field had not shown yet; returns
 * their caret pinned in the document for the next edit and the next render. */
export function editText<T>(handle: DocHandle<T>, path: Path, edit: TextEdit): CaretAnchor | null {
  let caret: number | null = null;
  let cursor: string | null = null;
  handle.change((d) => {
    const current = readAt(d, path);
    if (typeof current !== 'string') {
      // Field missing (older doc): create it as text.
      const parent = readAt(d, path.slice(0, -1)) as Record<string | number, unknown> | undefined;
      if (parent) parent[path[path.length - 1]] = edit.next;
      return;
    }
    const s = rebaseEdit(edit, current);
    if (!s) return;
    splice(d as never, path, s.index, s.deleteCount, s.insert);
    caret = s.index + s.insert.length;
    // Pinned to the character left of the caret; 'before' keeps it there if
    // someone deletes that character.
    if (caret > 0) cursor = getCursor(d as never, path, caret - 1, 'before');
  });
  if (caret === null) return null;
  const pinned = cursor;
  return {
    at: edit.caret,
    resolve: () => {
      if (pinned === null) return 0;
      const text = readAt(handle.doc(), path);
      if (typeof text !== 'string') return null;
      try {
        return Math.min(getCursorPosition(handle.doc() as never, path, pinned) + 1, text.length);
      } catch {
        return null;
      }
    },
  };
}

export function addNote(handle: DocHandle<RoomDoc>, note: Note): void {
  handle.change((d) => {
    if (!d.notes) d.notes = {};
    d.notes[note.id] = note;
  });
}

export function moveNote(handle: DocHandle<RoomDoc>, id: string, target: string, order: number, topicId: string | null = null): void {
  handle.change((d) => {
    const n = d.notes?.[id];
    if (!n) return;
    if (n.target !== target) n.target = target;
    n.order = order;
    if (n.topic_id !== topicId) n.topic_id = topicId;
  });
}

export function setDeleted(handle: DocHandle<RoomDoc>, id: string, deleted: boolean): void {
  handle.change((d) => {
    const n = d.notes?.[id];
    if (n && n.deleted !== deleted) n.deleted = deleted;
  });
}

export function toggleVote(handle: DocHandle<RoomDoc>, id: string, participantId: string): void {
  handle.change((d) => {
    const n = d.notes?.[id];
    if (!n) return;
    if (!n.votes) n.votes = {};
    if (n.votes[participantId]) delete n.votes[participantId];
    else n.votes[participantId] = true;
  });
}

export function setColour(handle: DocHandle<RoomDoc>, id: string, colour: NoteColour): void {
  handle.change((d) => {
    const n = d.notes?.[id];
    if (n) n.colour = colour;
  });
}

export function setTopic(handle: DocHandle<RoomDoc>, id: string, topicId: string | null): void {
  handle.change((d) => {
    const n = d.notes?.[id];
    if (n) n.topic_id = topicId;
  });
}

export function addTopic(handle: DocHandle<RoomDoc>, id: string, target: string, name: string, now: number): void {
  handle.change((d) => {
    if (!d.topics) d.topics = {};
    d.topics[id] = { id, name, target, created_at: now };
  });
}

export function addAgreement(handle: DocHandle<RoomDoc>, a: Agreement): void {
  handle.change((d) => {
    if (!d.agreements) d.agreements = {};
    d.agreements[a.id] = a;
  });
}

export function setAgreementDeleted(handle: DocHandle<RoomDoc>, id: string, deleted: boolean): void {
  handle.change((d) => {
    const a = d.agreements?.[id];
    if (a) a.deleted = deleted;
  });
}

export function setPhase(handle: DocHandle<RoomDoc>, phase: string): void {
  handle.change((d) => {
    d.phase = phase;
  });
}

export function revealTarget(handle: DocHandle<RoomDoc>, target: string): void {
  handle.change((d) => {
    if (!d.revealed_targets) d.revealed_targets = {};
    d.revealed_targets[target] = true;
  });
}

/** Puts a card on the table; the card it replaces stays in the history. */
export function setDrawnCard(handle: DocHandle<RoomDoc>, cardId: string | null): void {
  handle.change((d) => {
    d.drawn_card = cardId;
    if (!cardId) return;
    if (!Array.isArray(d.card_history)) d.card_history = [];
    if (!d.card_history.includes(cardId)) d.card_history.push(cardId);
    if (d.proposed_cards?.[cardId]) delete d.proposed_cards[cardId];
  });
}

/** A set keyed by id: concurrent ticks of one id are one tick. */
function setFlag(d: RoomDoc, key: 'chosen_themes' | 'picked_questions' | 'proposed_cards', id: string, on: boolean): void {
  const current = d[key] as unknown;
  // An older document holds chosen themes as a list: rewrite it as a set.
  if (!current || Array.isArray(current)) {
    const ids = Array.isArray(current) ? current.map(String) : [];
    d[key] = Object.fromEntries(ids.map((x) => [x, true]));
  }
  const set = d[key];
  if (on) set[id] = true;
  else if (id in set) delete set[id];
}

export function setChosenTheme(handle: DocHandle<RoomDoc>, themeId: string, chosen: boolean): void {
  handle.change((d) => setFlag(d, 'chosen_themes', themeId, chosen));
}

export function setPickedQuestion(handle: DocHandle<RoomDoc>, questionId: string, picked: boolean): void {
  handle.change((d) => setFlag(d, 'picked_questions', questionId, picked));
}

export function setProposedCard(handle: DocHandle<RoomDoc>, cardId: string, proposed: boolean): void {
  handle.change((d) => setFlag(d, 'proposed_cards', cardId, proposed));
}

export function setWorkingForm(handle: DocHandle<RoomDoc>, id: string | null): void {
  handle.change((d) => {
    d.working_form = id;
  });
}

export function addAttachment(handle: DocHandle<RoomDoc>, a: RoomDoc['attachments'][string]): void {
  handle.change((d) => {
    if (!d.attachments) d.attachments = {};
    d.attachments[a.id] = a;
  });
}

export function setAttachmentDeleted(handle: DocHandle<RoomDoc>, id: string, deleted: boolean): void {
  handle.change((d) => {
    const a = d.attachments?.[id];
    if (a) a.deleted = deleted;
  });
}

/** Silent notes: add to the private doc. */
export function addPrivateNote(handle: DocHandle<PrivateDoc>, note: PrivateNote): void {
  handle.change((d) => {
    if (!d.notes) d.notes = {};
    d.notes[note.id] = note;
  });
}

/** Publishes private notes into the room (copy, then mark published). */
export function publishPrivateNotes(room: DocHandle<RoomDoc>, priv: DocHandle<PrivateDoc>, notes: PrivateNote[]): void {
  if (notes.length === 0) return;
  room.change((d) => {
    if (!d.notes) d.notes = {};
    for (const n of notes) {
      if (d.notes[n.id]) continue;
      const { room_id: _r, published: _p, ...rest } = n;
      void _r;
      void _p;
      d.notes[n.id] = { ...rest, votes: {}, topic_id: null } as Note;
    }
  });
  priv.change((d) => {
    for (const n of notes) {
      const p = d.notes?.[n.id];
      if (p) p.published = true;
    }
  });
}
