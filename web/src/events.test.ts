// Unit tests for the SSE reducer: a device shows the view the server sent.
import { describe, expect, it } from 'vitest';
import { applyParticipantEvent, silent, type LiveState } from './events';
import type { MeView } from './generated/MeView';

const me: MeView = {
  session: { id: 's', title: 'Dag', anonymous: false },
  participant: { id: 'p1', name: 'Ana', role: 'mentor', joined_at: 1, leads: {}, attendance: 'in-room' },
  private_doc_url: null,
  room: null,
  round: null,
  waiting: 'next-round',
  broadcast: null,
  role_open: true,
};
const start: LiveState = { me, deleted: false };

describe('applyParticipantEvent', () => {
  it('replaces the view with the one in a state event', () => {
    const room = { round_id: 'r1', room_id: 'a', group_name: 'A', label: 'A', template_id: 't', statements: [], doc_url: 'automerge:x', closed: false, leader: false, leader_name: null, call_link: null };
    const s = applyParticipantEvent(start, { type: 'state', me: { ...me, room } });
    expect(s.me?.room?.room_id).toBe('a');
  });
  it('marks the session deleted and keeps the last view', () => {
    const s = applyParticipantEvent(start, { type: 'session-deleted' });
    expect(s.deleted).toBe(true);
    expect(s.me).toBe(me);
  });
});

describe('silent', () => {
  it('lets one beat go missing but not two and a half', () => {
    expect(silent(0, 10_000, 20_000)).toBe(false);
    expect(silent(0, 10_000, 25_001)).toBe(true);
  });
  it('waits 25 s before the server told its pace', () => {
    expect(silent(0, null, 24_000)).toBe(false);
    expect(silent(0, null, 25_001)).toBe(true);
  });
  it('follows the pace the server told', () => {
    expect(silent(0, 1_000, 2_000)).toBe(false);
    expect(silent(0, 1_000, 2_501)).toBe(true);
  });
});
