// The organiser closes one room while the round goes on: the people in it
// read that their room was closed, not that the round has ended (a user
// test was told "Deze ronde is afgesloten" while the round still ran).
// Reopened, they write again.
import { test } from 'node:test';
import { serverAndBrowser } from './server.mjs';
import { addNote, organiserCreates, participantJoins, roomTitle, WAIT, startRound } from './helpers.mjs';

const live = serverAndBrowser();

test('a room closed on its own says so, and writes again once reopened', async () => {
  const base = live.server.url;
  const organiser = await organiserCreates(live.browser, base);
  const ana = await participantJoins(live.browser, base, organiser.code, 'Ana', 'Bestuurder', { width: 375, height: 740 }, { isMobile: true, hasTouch: true });
  await startRound(organiser.page, 'Dialoogsessie 1');
  await roomTitle(ana.page);
  const auth = { Authorization: `Bearer ${organiser.secret}`, 'Content-Type': 'application/json' };
  const view = await (await fetch(`${base}/api/sessions/${organiser.sessionId}`, { headers: auth })).json();
  const anaId = view.participants.find((p) => p.name === 'Ana').id;
  const room = view.rounds[0].groups.find((g) => g.members.includes(anaId)).id;

  await fetch(`${base}/api/sessions/${organiser.sessionId}/rooms/${room}/close`, { method: 'POST', headers: auth, body: '{}' });
  await ana.page.getByText('De organisator heeft deze kamer gesloten.', { exact: false }).waitFor({ timeout: WAIT });
  await ana.page.getByText('Deze ronde is afgesloten').waitFor({ state: 'detached', timeout: 1_000 });

  await fetch(`${base}/api/sessions/${organiser.sessionId}/rooms/${room}/reopen`, { method: 'POST', headers: auth, body: '{}' });
  await ana.page.getByText('De organisator heeft deze kamer gesloten.', { exact: false }).waitFor({ state: 'detached', timeout: WAIT });
  await addNote(ana.page, 'Kansen', 'Weer open');
  for (const c of [ana.context, organiser.context]) await c.close();
});
