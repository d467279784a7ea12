// Unit tests for reading the organiser's session body.
import { describe, expect, it } from 'vitest';
import { byRole, focusRound, joinLink, normaliseSession, roundForPlan } from './session';

const raw = {
  id: 's1',
  settings: { title: 'Partnerschapsdag', anonymous: false, retention_days: 30 },
  join_code: 'ABC123',
  plan: {
    id: 'partnerschapsdag',
    rounds: [
      { id: 'r1', name: 'Ronde 1', start: '13:15', end: '14:30', mode: 'homogeneous', groups: [{ id: 'g1', label: 'Bestuurders', template_id: 't', statement: 'S' }] },
      { id: 'r2', name: 'Ronde 2', start: '14:45', end: '16:00', mode: 'heterogeneous', groups: [] },
    ],
  },
  participants: { p1: { id: 'p1', name: 'Bo', role: 'mentor' }, p2: { id: 'p2', name: 'Al', role: 'mentor' } },
  rounds: { r1: { status: 'running', placements: { p1: 'g1' }, rooms: { g1: { document_id: 'doc1', closed: false } }, timer_ends_at: 5 }, r2: { status: 'planned' } },
};

describe('normaliseSession', () => {
  it('merges the plan with round state', () => {
    const s = normaliseSession(raw, 'x');
    expect(s.title).toBe('Partnerschapsdag');
    expect(s.rounds[0]).toMatchObject({ id: 'r1', status: 'running', placements: { p1: 'g1' }, timer_ends_at: 5 });
    expect(s.rounds[0].rooms).toEqual([{ room_id: 'g1', doc_url: 'automerge:doc1', closed: false }]);
    expect(s.rounds[1].status).toBe('planned');
  });
  it('focuses the running round and groups people by role', () => {
    const s = normaliseSession(raw, 'x');
    expect(focusRound(s.rounds)?.id).toBe('r1');
    expect(byRole(s.participants).mentor.map((p) => p.name)).toEqual(['Al', 'Bo']);
  });
  it('reads the server view: rounds as a list, groups with members and rooms', () => {
    const v = normaliseSession(
      {
        id: 's2',
        title: 'Dag',
        join_code: 'X',
        participants: [{ id: 'p1', name: 'Bo', role: 'mentor' }],
        rounds: [{ id: 'r1', name: 'R', start: '13:15', end: '14:30', mode: 'homogeneous', status: 'running', timer_ends_at: null, groups: [{ id: 'g1', name: 'Groep 1', label: 'Groep', template_id: 't', statements: ['A', 'B'], members: ['p1'], room: { document_id: 'd', doc_url: 'automerge:d', closed: true } }] }],
      },
      'x',
    );
    expect(v.rounds[0]).toMatchObject({ status: 'running', placements: { p1: 'g1' }, rooms: [{ room_id: 'g1', doc_url: 'automerge:d', closed: true }] });
    expect(v.rounds[0].groups[0]).toMatchObject({ label: 'Groep 1', statement: 'A\n\nB' });
    expect(roundForPlan(v.rounds[0])).toEqual({ id: 'r1', name: 'R', start: '13:15', end: '14:30', groups: [{ id: 'g1', name: 'Groep 1', statements: ['A', 'B'] }] });
  });
  it('survives junk', () => {
    expect(normaliseSession(null, 'x')).toMatchObject({ id: 'x', rounds: [], participants: [] });
  });
  it('builds a join link on this origin', () => {
    expect(joinLink('http://h', 'ABC', '')).toBe('http://h/j/ABC');
    expect(joinLink('http://h', 'ABC', '/j/ABC')).toBe('http://h/j/ABC');
  });
});
