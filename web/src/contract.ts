// Runtime lists for the contract's closed sets. The types themselves are
// generated from Rust (./generated, see crates/core/src/contract); a
// Record keyed by the generated union makes the compiler fail when a
// role or colour is added or removed in Rust and not here.
import type { NoteColour } from './generated/NoteColour';
import type { ParticipantRole } from './generated/ParticipantRole';

const ROLE_ORDER: Record<ParticipantRole, number> = {
  'board-member': 0,
  'team-leader': 1,
  'school-leader': 2,
  'hr-officer': 3,
  'school-based-teacher-educator': 4,
  'institute-based-teacher-educator': 5,
  mentor: 6,
  'student-teacher': 7,
  other: 8,
};

/** Every role, in the order the join form lists them. */
export const ROLE_KEYS = (Object.keys(ROLE_ORDER) as ParticipantRole[]).sort((a, b) => ROLE_ORDER[a] - ROLE_ORDER[b]);

export function isRole(value: string): value is ParticipantRole {
  return Object.prototype.hasOwnProperty.call(ROLE_ORDER, value);
}

const COLOUR_ORDER: Record<NoteColour, number> = { yellow: 0, pink: 1, blue: 2, green: 3, orange: 4, purple: 5 };

export function isColour(value: string): value is NoteColour {
  return Object.prototype.hasOwnProperty.call(COLOUR_ORDER, value);
}

/** Every note colour, in the order the colour picker offers them. */
export const COLOURS = (Object.keys(COLOUR_ORDER) as NoteColour[]).sort((a, b) => COLOUR_ORDER[a] - COLOUR_ORDER[b]);
