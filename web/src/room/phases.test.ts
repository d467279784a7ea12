// Unit tests for following the server's phase moves and the fallback section.
import { describe, expect, it } from 'vitest';
import type { PhaseView } from '../generated/PhaseView';
import { allowedTransitions, backMove, currentPhase } from './phases';
import { emptyTemplate, withFallbackSection } from './template';

const phase = (id: string, next: string[], back: string[] = []): PhaseView => ({
  id,
  title: id,
  description: null,
  next: next.map((to) => ({ to, label: null })),
  back: back.map((to) => ({ to, label: to === 'check-in' ? 'Terug naar de data' : null })),
});
const phases = [phase('check-in', ['process-check']), phase('process-check', ['check-out'], ['check-in']), phase('check-out', [])];

describe('phases', () => {
  it('starts in the initial phase, else the first, when the doc has none', () => {
    expect(currentPhase(phases, null)?.id).toBe('check-in');
    expect(currentPhase(phases, null, 'process-check')?.id).toBe('process-check');
  });
  it('offers the moves the server listed, forward first, with their labels', () => {
    const moves = allowedTransitions(phases, 'process-check');
    expect(moves.map((x) => [x.phase.id, x.direction, x.move.label])).toEqual([
      ['check-out', 'forward', null],
      ['check-in', 'back', 'Terug naar de data'],
    ]);
  });
  it('names the move back that turned the room back, and only that', () => {
    expect(backMove(phases, 'process-check', 'check-in')?.move.label).toBe('Terug naar de data');
    expect(backMove(phases, 'check-in', 'process-check')).toBeNull();
    expect(backMove(phases, 'process-check', 'process-check')).toBeNull();
    expect(backMove(phases, null, 'check-in')).toBeNull();
  });
  it('ends at the last phase', () => {
    expect(allowedTransitions(phases, 'check-out')).toEqual([]);
  });
});

describe('withFallbackSection', () => {
  it('gives a card without note targets one general section', () => {
    const t = withFallbackSection(emptyTemplate('x'), 'Algemeen');
    expect(t.note_targets.map((x) => x.id)).toEqual(['general']);
    expect(t.sections.map((s) => s.id)).toEqual(['general']);
  });
});
