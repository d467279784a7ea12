// Someone who joins after the last round has ended is told so, instead of
// "wait: as soon as the round begins you go to your group" for ever (found
// in a user test: a latecomer sat in the lobby until the hall emptied).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './server.mjs';
import { WAIT, organiserCreates, participantJoins, roomTitle, startRound } from './helpers.mjs';

const live = serverAndBrowser();
const PHONE = { width: 375, height: 740 };

test('a latecomer after the last round learns there is nothing left to wait for', async () => {
  // One card: a session of one round.
  const organiser = await organiserCreates(live.browser, live.server.url, /Schoolleider versterkt/);
  const ana = await participantJoins(live.browser, live.server.url, organiser.code, 'Ana', 'Schoolleider', PHONE, { isMobile: true, hasTouch: true });
  await ana.page.getByText('Even wachten').waitFor({ timeout: WAIT });
  await startRound(organiser.page);
  await roomTitle(ana.page);

  await organiser.page.getByRole('button', { name: /^Beëindig / }).first().click();
  await organiser.page.getByRole('button', { name: /^Ja, beëindig / }).click();
  await ana.page.getByText('Deze ronde is afgesloten').waitFor({ timeout: WAIT });

  const cas = await participantJoins(live.browser, live.server.url, organiser.code, 'Cas', 'Schoolleider', PHONE, { isMobile: true, hasTouch: true });
  await cas.page.getByText('Alle rondes van deze sessie zijn voorbij').waitFor({ timeout: WAIT });
  assert.equal(await cas.page.getByText('Even wachten').count(), 0, 'no promise of a round that will not come');
  assert.equal(await cas.page.getByText('Ik doe op afstand mee').count(), 0, 'no room to join from afar either');
  for (const c of [ana.context, cas.context, organiser.context]) await c.close();
});

// An anonymous session says so where people write (a user test found
// participants who did not know whether their name showed by their notes).
test('an anonymous session tells each participant that notes carry no name', async () => {
  const organiser = await organiserCreates(live.browser, live.server.url, /Schoolleider versterkt/, { anonymous: true });
  // Said before anyone types a name.
  const first = await live.browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  const joinPage = await first.newPage();
  await joinPage.goto(`${live.server.url}/j/${organiser.code}`);
  await joinPage.getByText('Deze sessie is anoniem').waitFor({ timeout: WAIT });
  await first.close();
  const ana = await participantJoins(live.browser, live.server.url, organiser.code, 'Ana', 'Schoolleider', PHONE, { isMobile: true, hasTouch: true });
  await ana.page.getByText('Deze sessie is anoniem').waitFor({ timeout: WAIT });
  await startRound(organiser.page);
  await roomTitle(ana.page);
  await ana.page.getByText('Anoniem: bij notities staat alleen de rol').waitFor({ timeout: WAIT });

  const named = await organiserCreates(live.browser, live.server.url, /Schoolleider versterkt/);
  const ben = await participantJoins(live.browser, live.server.url, named.code, 'Ben', 'Schoolleider', PHONE, { isMobile: true, hasTouch: true });
  await startRound(named.page);
  await roomTitle(ben.page);
  assert.equal(await ben.page.getByText(/anoniem/i).count(), 0, 'a session with names says nothing of the kind');
  for (const c of [ana.context, ben.context, organiser.context, named.context]) await c.close();
});
