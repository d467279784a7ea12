// Reloading the page without a connection shows the app with the notes
// stored on the device (the service worker keeps the app shell), not the
// browser's error page; back online, the note typed offline reaches the
// others.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './server.mjs';
import { addNote, organiserCreates, participantJoins, roomTitle, seesNote, WAIT, startRound } from './helpers.mjs';

const live = serverAndBrowser();
const GROUP_Q = 'Verken overeenkomsten en verschillen van elkaars beelden en overtuigingen.';

test('a reload while offline shows the room with the notes on this device', async () => {
  const base = live.server.url;
  const organiser = await organiserCreates(live.browser, base, /Schoolleider versterkt/);
  const ana = await participantJoins(live.browser, base, organiser.code, 'Ana', 'Schoolleider', { width: 375, height: 812 }, { isMobile: true, hasTouch: true });
  const ben = await participantJoins(live.browser, base, organiser.code, 'Ben', 'HR-adviseur');
  await startRound(organiser.page);
  await roomTitle(ana.page);
  await addNote(ana.page, GROUP_Q, 'Voor het wegvallen');
  await seesNote(ben.page, 'Voor het wegvallen');
  // The service worker has taken control and holds the shell.
  await ana.page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: WAIT });
  await ana.page.waitForFunction(async () => (await caches.keys()).length > 0 && (await (await caches.open((await caches.keys())[0])).keys()).length > 2, null, { timeout: WAIT });

  await ana.context.setOffline(true);
  await addNote(ana.page, GROUP_Q, 'Getypt zonder verbinding');
  await seesNote(ana.page, 'Getypt zonder verbinding');
  await ana.page.reload();
  await ana.page.locator('.room-header h1').waitFor({ timeout: WAIT }).catch(async (e) => {
    throw new Error(`${e.message}\n${await ana.page.evaluate(() => document.body.innerText)}`);
  });
  await seesNote(ana.page, 'Voor het wegvallen');
  await seesNote(ana.page, 'Getypt zonder verbinding');
  await ana.page.locator('.conn-off').waitFor({ timeout: WAIT });
  assert.ok(await ana.page.getByRole('heading', { name: GROUP_Q }).isVisible(), 'the card itself is shown, not only the notes');

  await ana.context.setOffline(false);
  await seesNote(ben.page, 'Getypt zonder verbinding', 20_000);
});
