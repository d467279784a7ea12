// Unit tests for the SSE reducer: devices follow their participant's room.
import { describe, expect, it } from 'vitest';
import { applyEvent, type LiveState } from './events';
import type { Me } from './types';

const me: Me = {
  session: { id: 's', title: 'Dag', anonymous: false },
  participant: { id: 'p1', name: 'Ana', role: 'mentor' },
  room: null,
  round: null,
  broadcast: null,
};
const start: LiveState = { me, closedRooms: {} };

describe('applyEvent', () => {
  it('moves the device into its assigned room', () => {
    const s = applyEvent(start, { type: 'room-assigned', round_id: 'r1', room_id: 'room-a', doc_url: 'automerge:abc' });
    expect(s.me?.room?.room_id).toBe('room-a');
    expect(s.me?.room?.closed).toBe(false);
  });
  it('closes the room when its round ends, and the next round moves on', () => {
    let s = applyEvent(start, { type: 'room-assigned', round_id: 'r1', room_id: 'room-a', doc_url: 'automerge:abc' });
    s = applyEvent(s, { type: 'round-ended', round_id: 'r1' });
    expect(s.me?.room?.closed).toBe(true);
    s = applyEvent(s, { type: 'room-assigned', round_id: 'r2', room_id: 'room-b', doc_url: 'automerge:def' });
    expect(s.me?.room).toMatchObject({ room_id: 'room-b', closed: false });
  });
  it('ignores the end of another round', () => {
    const s = applyEvent(applyEvent(start, { type: 'room-assigned', round_id: 'r2', room_id: 'b', doc_url: 'u' }), { type: 'round-ended', round_id: 'r1' });
    expect(s.me?.room?.closed).toBe(false);
  });
  it('accepts a bare document_id', () => {
    const s = applyEvent(start, { type: 'room-assigned', round_id: 'r1', room_id: 'a', document_id: 'xyz' });
    expect(s.me?.room?.doc_url).toBe('automerge:xyz');
  });
  it('records timers and broadcasts', () => {
    let s = applyEvent(start, { type: 'timer', round_id: 'r1', ends_at: 1000 });
    s = applyEvent(s, { type: 'broadcast', message: 'nog 10 minuten', at: 5 });
    expect(s.me?.round?.timer_ends_at).toBe(1000);
    expect(s.me?.broadcast?.message).toBe('nog 10 minuten');
  });
  it('replaces everything with a state event', () => {
    const s = applyEvent(start, { type: 'state', ...me, participant: { id: 'p1', name: 'Ana B', role: 'mentor' } });
    expect(s.me?.participant.name).toBe('Ana B');
  });
  it('marks the session deleted when the organiser deletes it', () => {
    const s = applyEvent(start, { type: 'session-deleted' });
    expect(s.deleted).toBe(true);
    expect(s.me).toBe(me);
  });
});
