// Unit tests for the organiser view helpers.
import { describe, expect, it } from 'vitest';
import type { RoundView } from '../generated/RoundView';
import { byRole, focusRound, joinLink, placementsOf, roundEdit, statementsFrom, statementsText } from './session';

const group = (id: string, members: string[]) => ({
  id,
  name: `Groep ${id}`,
  label: 'Bestuurders',
  pool: null,
  template_id: 't',
  statements: ['Stelling 1', 'Stelling 2'],
  room: null,
  members,
  leader: null,
  call_link: null,
});
const round = (id: string, status: RoundView['status'], groups = [group('g1', ['p1']), group('g2', ['p2', 'p3'])]): RoundView => ({
  id,
  name: id,
  description: null,
  start: '13:15',
  end: '14:30',
  mode: 'homogeneous',
  status,
  started_at: null,
  ended_at: null,
  timer_ends_at: null,
  call_pattern: null,
  groups,
});

describe('organiser view helpers', () => {
  it('focuses the running round, else the first planned one', () => {
    expect(focusRound([round('r1', 'ended'), round('r2', 'running')])?.id).toBe('r2');
    expect(focusRound([round('r1', 'ended'), round('r2', 'planned')])?.id).toBe('r2');
  });
  it('reads placements from the groups the server lists', () => {
    expect(placementsOf(round('r1', 'planned'))).toEqual({ p1: 'g1', p2: 'g2', p3: 'g2' });
  });
  it('groups people by role, sorted by name', () => {
    const people = [
      { id: 'a', name: 'Bo', role: 'mentor' as const, joined_at: 1, leads: {}, attendance: 'in-room' as const },
      { id: 'b', name: 'Al', role: 'mentor' as const, joined_at: 2, leads: {}, attendance: 'in-room' as const },
    ];
    expect(byRole(people).mentor?.map((p) => p.name)).toEqual(['Al', 'Bo']);
  });
  it('keeps statements apart through the plan editor', () => {
    const text = statementsText(['Stelling 1: a\nKortom: b', 'Stelling 2']);
    expect(statementsFrom(text)).toEqual(['Stelling 1: a\nKortom: b', 'Stelling 2']);
    expect(roundEdit(round('r1', 'planned')).groups?.[0]).toEqual({ id: 'g1', name: 'Groep g1', statements: ['Stelling 1', 'Stelling 2'] });
  });
  it('builds the join link on this origin', () => {
    expect(joinLink('http://x', 'ABC', '')).toBe('http://x/j/ABC');
    expect(joinLink('http://x', 'ABC', 'https://venue/j/ABC')).toBe('https://venue/j/ABC');
  });
});
