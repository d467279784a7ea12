// Unit tests for the API client's routing and its retries. With several
// servers behind HAProxy every URL of a token must name its session, or the
// device lands on a server that does not serve it; while a session moves
// between servers (a takeover) a call is answered 503 `session-moving`, and
// the client must try again by itself for a few seconds — without ever
// sending twice a call that may already have happened.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, RETRY_DELAYS_MS, api, routeParam } from './api';

describe('routeParam', () => {
  it('names the session a token belongs to', () => {
    expect(routeParam('sAbc123.secretPart')).toBe('session=sAbc123');
  });
  it('adds nothing for a token without a session (older servers)', () => {
    expect(routeParam('secretOnly')).toBe('');
  });
});

const moving = () =>
  new Response(JSON.stringify({ code: 'session-moving', message: 'this session is moving to another server; try again in a moment' }), {
    status: 503,
    headers: { 'Content-Type': 'application/json', 'Retry-After': '1' },
  });
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const badGateway = () => new Response('<html>502 Bad Gateway</html>', { status: 502 });

/** fetch answering from `answers` in turn (a function throws, as a dropped connection does). */
function serve(...answers: Array<Response | (() => never)>) {
  const fetchMock = vi.fn(async () => {
    const next = answers.shift();
    if (next === undefined) throw new Error('no more answers');
    return typeof next === 'function' ? next() : next;
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}
const dropped = () => {
  throw new TypeError('Failed to fetch');
};

/** Runs `call` while letting the retry pauses pass at once. */
async function settle<T>(call: Promise<T>): Promise<{ value?: T; error?: ApiError }> {
  const outcome = call.then(
    (value) => ({ value }),
    (error: ApiError) => ({ error }),
  );
  await vi.runAllTimersAsync();
  return outcome;
}

describe('calls during a takeover', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('a participant reading their view gets it once the session has moved', async () => {
    const me = { participant_id: 'p1', name: 'Anna' };
    const fetchMock = serve(moving(), moving(), json(me));
    const { value, error } = await settle(api.me('s1.secret'));
    expect(error).toBeUndefined();
    expect(value).toEqual(me);
    expect(fetchMock).toHaveBeenCalledTimes(3);
  });

  it('a join answered session-moving is sent again (the server changed nothing) and joins once', async () => {
    const joined = { session_id: 's1', participant_id: 'p1', token: 's1.t', private_doc_url: 'automerge:x' };
    const fetchMock = serve(moving(), json(joined, 201));
    const { value } = await settle(api.join('ABC234', 'Anna', 'mentor'));
    expect(value).toEqual(joined);
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('gives up after a few seconds and shows the server’s error', async () => {
    const fetchMock = serve(...Array.from({ length: RETRY_DELAYS_MS.length + 1 }, moving));
    const { error } = await settle(api.startRound('s1', 'secret', 'ronde-1'));
    expect(error).toBeInstanceOf(ApiError);
    expect(error?.code).toBe('session-moving');
    expect(fetchMock).toHaveBeenCalledTimes(RETRY_DELAYS_MS.length + 1);
    const total = RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(3000);
    expect(total).toBeLessThanOrEqual(10000);
  });

  it('a read whose server died under it is sent again', async () => {
    const fetchMock = serve(dropped, badGateway(), json([]));
    const { value } = await settle(api.templates());
    expect(value).toEqual([]);
    expect(fetchMock).toHaveBeenCalledTimes(3);
  });

  it('a join whose answer was lost is not sent again, and the user is told it may have happened', async () => {
    const fetchMock = serve(dropped, json({}, 201));
    const { error } = await settle(api.join('ABC234', 'Anna', 'mentor'));
    expect(error?.code).toBe('unknown-outcome');
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('a broadcast cut off by a dying server is not sent twice', async () => {
    const fetchMock = serve(badGateway(), new Response(null, { status: 204 }));
    const { error } = await settle(api.broadcast('s1', 'secret', 'nog 10 minuten'));
    expect(error?.code).toBe('unknown-outcome');
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('a refusal that is not a move is not retried', async () => {
    const fetchMock = serve(json({ code: 'not-found', message: 'session code not found' }, 404));
    const { error } = await settle(api.join('WRONG1', 'Anna', 'mentor'));
    expect(error?.status).toBe(404);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});
