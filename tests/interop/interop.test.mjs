// Interop: two peers built from the upstream npm packages
// (@automerge/automerge-repo + its WebSocket client adapter), not our code,
// edit one room document through the samenbord server and see each
// other's notes; the server reads the JS-written note with its typed model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Repo } from '@automerge/automerge-repo';
import { BrowserWebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../browser/server.mjs';

async function api(base, method, path, token, body) {
  const response = await fetch(base + path, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

function repoFor(base, token) {
  const ws = base.replace('http://', 'ws://') + `/sync?token=${encodeURIComponent(token)}`;
  return new Repo({ network: [new BrowserWebSocketClientAdapter(ws)] });
}

async function until(check, what, timeout = 10_000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

// The server accepts a note only with its writer's own identity.
function note(id, text, author) {
  return {
    id, target: 'kansen', text, author_id: author.participant_id, author_name: author.name,
    author_role: author.role, colour: 'yellow', created_at: Date.now(),
    order: 1, votes: {}, topic_id: null, deleted: false,
  };
}

test('two upstream automerge-repo clients edit a room through our server', async () => {
  const server = await startServer();
  const repos = [];
  try {
    const created = await api(server.url, 'POST', '/api/sessions', null, {
      title: 'Interop', template_id: 'dialoogkaart-partnerschapsdag',
    });
    assert.equal(created.status, 201);
    const { session_id, organiser_secret, join_code } = created.body;
    const ana = (await api(server.url, 'POST', '/api/join', null, { code: join_code, name: 'Ana', role: 'school-leader' })).body;
    const ben = (await api(server.url, 'POST', '/api/join', null, { code: join_code, name: 'Ben', role: 'mentor' })).body;
    const started = await api(server.url, 'POST', `/api/sessions/${session_id}/rounds/ronde-1/start`, organiser_secret);
    assert.equal(started.status, 204);
    const me = (await api(server.url, 'GET', '/api/me', ana.token)).body;
    const docUrl = me.room.doc_url;

    const repoA = repoFor(server.url, ana.token);
    const repoB = repoFor(server.url, ben.token);
    repos.push(repoA, repoB);
    const handleA = await repoA.find(docUrl);
    const handleB = await repoB.find(docUrl);
    assert.equal(String(handleA.doc().template_id), 'dialoogkaart-partnerschapsdag');

    handleA.change((d) => { d.notes['js-ana'] = note('js-ana', 'Gedeelde visie op opleiden', { ...ana, name: 'Ana', role: 'school-leader' }); });
    handleB.change((d) => { d.notes['js-ben'] = note('js-ben', 'Tijd voor begeleiding', { ...ben, name: 'Ben', role: 'mentor' }); });
    await until(() => handleB.doc().notes['js-ana'] !== undefined, "Ben to see Ana's note");
    await until(() => handleA.doc().notes['js-ben'] !== undefined, "Ana to see Ben's note");
    assert.equal(String(handleB.doc().notes['js-ana'].text), 'Gedeelde visie op opleiden');

    // The server reads both notes with its typed room model.
    await until(async () => {
      const overview = await api(server.url, 'GET', `/api/sessions/${session_id}/overview`, organiser_secret);
      return overview.body.some((room) => room.notes === 2);
    }, 'the server to count both JS-written notes');

    // A document the server never created is unavailable to this client.
    const stray = repoA.create({ hello: 'world' });
    await assert.rejects(repoB.find(stray.url), 'a document the server never created stays unavailable');
  } finally {
    for (const repo of repos) await repo.shutdown().catch(() => {});
    await server.stop();
  }
});

async function metric(base, name) {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
}

// After a restart the server opens a room stored as one save without
// loading it and hands that save to clients that hold nothing: upstream
// clients must read it, write on, and see each other's notes.
test('upstream clients open a room the restarted server has not loaded', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'samenbord-interop-'));
  let server = await startServer({ dataDir });
  const repos = [];
  try {
    const created = await api(server.url, 'POST', '/api/sessions', null, {
      title: 'Herstart', template_id: 'dialoogkaart-partnerschapsdag',
    });
    const { session_id, organiser_secret, join_code } = created.body;
    const ana = (await api(server.url, 'POST', '/api/join', null, { code: join_code, name: 'Ana', role: 'school-leader' })).body;
    const ben = (await api(server.url, 'POST', '/api/join', null, { code: join_code, name: 'Ben', role: 'mentor' })).body;
    assert.equal((await api(server.url, 'POST', `/api/sessions/${session_id}/rounds/ronde-1/start`, organiser_secret)).status, 204);
    const docUrl = (await api(server.url, 'GET', '/api/me', ana.token)).body.room.doc_url;
    const first = repoFor(server.url, ana.token);
    const before = await first.find(docUrl);
    before.change((d) => { d.notes['voor'] = note('voor', 'Voor de herstart', { ...ana, name: 'Ana', role: 'school-leader' }); });
    await until(async () => {
      const overview = await api(server.url, 'GET', `/api/sessions/${session_id}/overview`, organiser_secret);
      return overview.body.some((room) => room.notes === 1);
    }, 'the server to store the note');
    await first.shutdown();
    await server.stop();

    server = await startServer({ dataDir });
    const repoA = repoFor(server.url, ana.token);
    const repoB = repoFor(server.url, ben.token);
    repos.push(repoA, repoB);
    const handleA = await repoA.find(docUrl);
    const handleB = await repoB.find(docUrl);
    assert.equal(String(handleA.doc().notes['voor'].text), 'Voor de herstart');
    assert.equal(String(handleB.doc().notes['voor'].text), 'Voor de herstart');
    assert.equal(await metric(server.url, 'samenbord_documents_dormant'), 1, 'served from the save, not loaded');

    handleA.change((d) => { d.notes['na-ana'] = note('na-ana', 'Na de herstart', { ...ana, name: 'Ana', role: 'school-leader' }); });
    handleB.change((d) => { d.notes['na-ben'] = note('na-ben', 'Ook na de herstart', { ...ben, name: 'Ben', role: 'mentor' }); });
    await until(() => handleB.doc().notes['na-ana'] !== undefined, "Ben to see Ana's note");
    await until(() => handleA.doc().notes['na-ben'] !== undefined, "Ana to see Ben's note");
    await until(async () => {
      const overview = await api(server.url, 'GET', `/api/sessions/${session_id}/overview`, organiser_secret);
      return overview.body.some((room) => room.notes === 3);
    }, 'the server to hold all three notes');
  } finally {
    for (const repo of repos) await repo.shutdown().catch(() => {});
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
