// Automerge returns strings a peer wrote as scalars (not Text) as
// ImmutableString objects; the UI wants plain strings everywhere.
import type { RoomDoc } from '../generated/RoomDoc';

export function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'val' in (v as object)) return String((v as { val: unknown }).val);
  return String(v);
}

function asTextOrNull(v: unknown): string | null {
  return v === null || v === undefined ? null : asText(v);
}

/** The room document with its server-written scalars as plain strings. */
export function plainRoom(doc: RoomDoc): RoomDoc {
  return {
    ...doc,
    session_id: asText(doc.session_id),
    round_id: asText(doc.round_id),
    room_id: asText(doc.room_id),
    template_id: asText(doc.template_id),
    group_label: asText(doc.group_label),
    statement: asText(doc.statement),
    phase: asTextOrNull(doc.phase),
    drawn_card: asTextOrNull(doc.drawn_card),
    own_theme: asText(doc.own_theme),
    pinned_question: asText(doc.pinned_question),
    chosen_themes: (doc.chosen_themes ?? []).map(asText),
  };
}
