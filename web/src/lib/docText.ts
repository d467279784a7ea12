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
    chosen_themes: flagSet(doc.chosen_themes),
    picked_questions: flagSet(doc.picked_questions),
    roles: Object.fromEntries(Object.entries(doc.roles ?? {}).map(([k, v]) => [k, asText(v)])),
    card_history: (doc.card_history ?? []).map(asText),
    proposed_cards: flagSet(doc.proposed_cards),
    working_form: asTextOrNull(doc.working_form),
    record: asText(doc.record),
    attachments: doc.attachments ?? {},
  };
}

/** `{ id: true }`; an older document's list of ids reads as the same set. */
function flagSet(v: unknown): Record<string, boolean> {
  if (Array.isArray(v)) return Object.fromEntries(v.map((id) => [asText(id), true]));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, Boolean(x)]));
  return {};
}
