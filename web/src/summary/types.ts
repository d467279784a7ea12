// The summary as GET /api/sessions/{id}/summary?format=json returns it: the
// serde form of the core's SummaryDocument (crates/core/src/summary), plus
// the server's `skipped_edits` and `warnings`.

export interface SMember {
  note_id: string;
  room_id: string;
  group_label: string;
  text: string;
  topic: string | null;
  author_role: string | null;
  author_name: string | null;
  votes: number;
}

export interface SItem {
  id: string;
  text: string;
  count: number;
  votes: number;
  groups: string[];
  members: SMember[];
}

export type TopicSource = 'rooms' | 'keyword' | 'other' | 'review';

export interface STopic {
  id: string;
  name: string;
  source: TopicSource;
  items: SItem[];
}

export interface SSection {
  section_id: string;
  title: string;
  topics: STopic[];
}

export interface SGroup {
  label: string;
  statement: string | null;
  rooms: string[];
  sections: SSection[];
}

export interface SRound {
  round_id: string;
  round_name: string;
  groups: SGroup[];
  cross_group: SSection[];
}

export interface SAgreement {
  round_id: string;
  room_id: string;
  group_label: string;
  what: string;
  who: string | null;
  when: string | null;
}

export interface SOverall {
  text: string;
  source: 'extractive' | 'generated' | 'edited';
  notice: string | null;
}

export interface SkippedEdit {
  position: number;
  edit: unknown;
  reason: string;
}

export interface Summary {
  title: string;
  anonymous: boolean;
  overall_summary: SOverall;
  section_order: string[];
  rounds: SRound[];
  agreements: SAgreement[];
  notes: unknown[];
  skipped_edits?: SkippedEdit[];
  warnings?: string[];
}

/** A review edit, exactly as the core's `ReviewEdit` deserialises it. */
export type ReviewEdit =
  | { kind: 'merge-items'; into: string; from: string }
  | { kind: 'split-member'; item: string; note: string }
  | { kind: 'rename-topic'; topic: string; name: string }
  | { kind: 'move-item'; item: string; topic: string }
  | { kind: 'move-to-new-topic'; item: string; name: string };

export type ExportKey = 'md' | 'html' | 'docx' | 'csv' | 'json';
