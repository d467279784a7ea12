// What every part of a room view needs: the doc, who I am, whether the room
// is read-only, and the write actions. Built once in RoomView.
import type { DocHandle } from '@automerge/automerge-repo';
import type { PrivateNote } from '../generated/PrivateNote';
import type { RoomDoc } from '../generated/RoomDoc';
import type { NoteActions } from './NoteCard';
import type { Author } from './notes';
import type { Target } from './template';

export interface RoomCtx {
  handle: DocHandle<RoomDoc>;
  doc: RoomDoc;
  me: Author;
  anonymous: boolean;
  readOnly: boolean;
  /** My participant token, for files (absent for the organiser's view). */
  token: string | null;
  leader: boolean;
  targets: Target[];
  privateNotes: PrivateNote[];
  actions: NoteActions;
  addNote: (target: string, text: string, silent: boolean) => void;
  publish: (note: PrivateNote) => void;
  onDrop: (target: string, beforeId: string | null) => void;
}
