// Shared types: the room document and private document (docs/room-document.md)
// and the HTTP API bodies (docs/api.md) as the client sees them.

export const ROLE_KEYS = [
  'board-member',
  'team-leader',
  'school-leader',
  'hr-officer',
  'school-based-teacher-educator',
  'institute-based-teacher-educator',
  'mentor',
  'student-teacher',
  'other',
] as const;
export type RoleKey = (typeof ROLE_KEYS)[number];

export const COLOURS = ['yellow', 'pink', 'blue', 'green', 'orange', 'purple'] as const;
export type Colour = (typeof COLOURS)[number];

export interface Note {
  id: string;
  target: string;
  text: string;
  author_id: string;
  author_name: string;
  author_role: string;
  colour: string;
  created_at: number;
  order: number;
  votes: { [participantId: string]: true };
  topic_id: string | null;
  deleted: boolean;
}

export interface Topic {
  id: string;
  name: string;
  target: string;
  created_at: number;
}

export interface Agreement {
  id: string;
  what: string;
  who: string;
  when: string;
  created_at: number;
  deleted: boolean;
}

export interface Attachment {
  id: string;
  title: string;
  url: string;
}

export interface RoomDoc {
  schema: number;
  session_id: string;
  round_id: string;
  room_id: string;
  template_id: string;
  group_label: string;
  statement: string;
  closed: boolean;
  phase: string | null;
  chosen_themes: string[];
  own_theme: string;
  drawn_card: string | null;
  pinned_question: string;
  attachments: { [id: string]: Attachment };
  notes: { [id: string]: Note };
  topics: { [id: string]: Topic };
  agreements: { [id: string]: Agreement };
  revealed_targets: { [target: string]: true };
}

export interface PrivateNote extends Note {
  room_id: string;
  published: boolean;
}

export interface PrivateDoc {
  schema: number;
  participant_id: string;
  notes: { [id: string]: PrivateNote };
}

export interface JoinReply {
  session_id: string;
  participant_id: string;
  token: string;
  private_doc_url: string;
}

export interface MeRoom {
  round_id: string;
  room_id: string;
  doc_url: string;
  template_id: string;
  closed: boolean;
}

export interface Me {
  session: { id: string; title: string; anonymous: boolean };
  participant: { id: string; name: string; role: string };
  room: MeRoom | null;
  round: { id: string; name: string; timer_ends_at: string | number | null } | null;
  broadcast: { message: string; at: string | number } | null;
}

export interface ProgrammeGroup {
  id: string;
  label: string;
  template_id: string;
  statement: string;
  [extra: string]: unknown;
}

export interface ProgrammeRound {
  id: string;
  name: string;
  start: string;
  end: string;
  mode: string;
  groups: ProgrammeGroup[];
  [extra: string]: unknown;
}

export interface Programme {
  id: string;
  title: string;
  rounds: ProgrammeRound[];
}

export interface TemplateSummary {
  id: string;
  title: string;
  summary?: string;
}

export interface CreatedSession {
  session_id: string;
  join_code: string;
  join_url: string;
  organiser_secret: string;
  organiser_url: string;
}

export interface OverviewRoom {
  room_id: string;
  group_label?: string;
  group_name?: string;
  label?: string;
  connected?: number;
  people: number | unknown[];
  notes: number;
  last_activity: string | number | null;
  round_id?: string;
  closed?: boolean;
  doc_url?: string;
}
