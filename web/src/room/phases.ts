// Where the room is in the card's phases (e.g. check-in → process-check →
// check-out, where the process-check may send the group back). Which moves
// exist comes from the server's PhaseView; the leader tools write the
// chosen phase id into the doc.
import type { PhaseMove } from '../generated/PhaseMove';
import type { PhaseView } from '../generated/PhaseView';

/** The phase the room is in: the doc's phase, else the initial one, else the first. */
export function currentPhase(phases: PhaseView[], docPhase: string | null | undefined, initial: string | null = null): PhaseView | null {
  if (phases.length === 0) return null;
  return phases.find((p) => p.id === docPhase) ?? phases.find((p) => p.id === initial) ?? phases[0];
}

export interface AllowedMove {
  phase: PhaseView;
  move: PhaseMove;
  direction: 'forward' | 'back';
}

/** Phases the leader may move to from `from`: forward ones, then back ones. */
export function allowedTransitions(phases: PhaseView[], from: string | null | undefined, initial: string | null = null): AllowedMove[] {
  const cur = currentPhase(phases, from, initial);
  if (!cur) return [];
  const byId = new Map(phases.map((p) => [p.id, p]));
  const out: AllowedMove[] = [];
  const add = (move: PhaseMove, direction: AllowedMove['direction']) => {
    const phase = byId.get(move.to);
    if (phase && phase.id !== cur.id && !out.some((o) => o.phase.id === phase.id)) out.push({ phase, move, direction });
  };
  cur.next.forEach((m) => add(m, 'forward'));
  cur.back.forEach((m) => add(m, 'back'));
  return out;
}

/** The move back that took the room from phase `from` to `to`, if it went
 * back: everyone is told why the card turned back, not only the leader. */
export function backMove(phases: PhaseView[], from: string | null | undefined, to: string | null | undefined): AllowedMove | null {
  if (!from || !to || from === to) return null;
  const move = phases.find((p) => p.id === from)?.back.find((m) => m.to === to);
  const phase = phases.find((p) => p.id === to);
  return move && phase ? { phase, move, direction: 'back' } : null;
}
