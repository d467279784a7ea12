// Unit test for routing: with several servers behind HAProxy every URL of
// a token must name its session, or the device lands on a server that
// does not serve it.
import { describe, expect, it } from 'vitest';
import { routeParam } from './api';

describe('routeParam', () => {
  it('names the session a token belongs to', () => {
    expect(routeParam('sAbc123.secretPart')).toBe('session=sAbc123');
  });
  it('adds nothing for a token without a session (older servers)', () => {
    expect(routeParam('secretOnly')).toBe('');
  });
});
