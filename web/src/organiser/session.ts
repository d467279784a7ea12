// Small pure helpers over the organiser's view (GET /api/sessions/{id},
// the generated OrganiserView): nothing here guesses a field.
import type { ParticipantRecord } from '../generated/ParticipantRecord';
import type { ParticipantRole } from '../generated/ParticipantRole';
import type { RoundEdit } from '../generated/RoundEdit';
import type { RoundView } from '../generated/RoundView';

/** The round to show first: the running one, else the first planned, else the last. */
export function focusRound(rounds: RoundView[]): RoundView | null {
  return rounds.find((r) => r.status === 'running') ?? rounds.find((r) => r.status === 'planned') ?? rounds[rounds.length - 1] ?? null;
}

/** Who is in which room of a round, as the server stored it. */
export function placementsOf(round: RoundView): Record<string, string> {
  const out: Record<string, string> = {};
  for (const group of round.groups) for (const member of group.members) out[member] = group.id;
  return out;
}

/** Participants per role, each list sorted by name. */
export function byRole(people: ParticipantRecord[]): Partial<Record<ParticipantRole, ParticipantRecord[]>> {
  const out: Partial<Record<ParticipantRole, ParticipantRecord[]>> = {};
  for (const p of people) (out[p.role] ??= []).push(p);
  for (const list of Object.values(out)) list?.sort((a, b) => a.name.localeCompare(b.name));
  return out;
}

/** The join link the server made, on this origin if it gave a path. */
export function joinLink(origin: string, code: string, given: string): string {
  if (/^https?:/.test(given)) return given;
  if (given.startsWith('/')) return origin + given;
  return `${origin}/j/${encodeURIComponent(code)}`;
}

/** Statements as the plan editor shows them: one per paragraph. */
export function statementsText(statements: string[]): string {
  return statements.join('\n\n');
}

/** Paragraphs typed in the plan editor back into statements. */
export function statementsFrom(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((x) => x.trim())
    .filter(Boolean);
}

/** A round as PUT plan takes it. */
export function roundEdit(round: RoundView): RoundEdit {
  return {
    id: round.id,
    name: round.name,
    start: round.start,
    end: round.end,
    groups: round.groups.map((g) => ({ id: g.id, name: g.name, statements: g.statements })),
  };
}
