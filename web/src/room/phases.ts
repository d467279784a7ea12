// Phase transitions of a card (e.g. check-in → process-check → check-out,
// where the process-check may send the group back). Pure: the leader tools
// ask which moves are allowed and write the chosen phase id into the doc.
import type { TPhase } from './template';

/** The phase the room is in: the doc's phase, else the initial one, else the first. */
export function currentPhase(phases: TPhase[], docPhase: string | null | undefined, initial: string | null = null): TPhase | null {
  if (phases.length === 0) return null;
  return phases.find((p) => p.id === docPhase) ?? phases.find((p) => p.id === initial) ?? phases[0];
}

/** Phases the leader may move to from `from`: forward ones, then back ones. */
export function allowedTransitions(phases: TPhase[], from: string | null | undefined, initial: string | null = null): { phase: TPhase; direction: 'forward' | 'back' }[] {
  const cur = currentPhase(phases, from, initial);
  if (!cur) return [];
  const byId = new Map(phases.map((p) => [p.id, p]));
  const out: { phase: TPhase; direction: 'forward' | 'back' }[] = [];
  for (const id of cur.next) {
    const p = byId.get(id);
    if (p && p.id !== cur.id) out.push({ phase: p, direction: 'forward' });
  }
  for (const id of cur.back) {
    const p = byId.get(id);
    if (p && p.id !== cur.id && !out.some((o) => o.phase.id === id)) out.push({ phase: p, direction: 'back' });
  }
  return out;
}

export function canTransition(phases: TPhase[], from: string | null | undefined, to: string): boolean {
  return allowedTransitions(phases, from).some((t) => t.phase.id === to);
}
