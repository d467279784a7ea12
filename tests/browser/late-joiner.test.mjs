// Someone arrives after the round started: they join with the code, land
// in a room, and what they write reaches the others (a user test found a
// latecomer's notes refused by the server while their screen said
// "Verbonden"). A latecomer whose target group nobody came for joins a
// room where people meet (a user test found them put in an empty room,
// alone).
import { test } from 'node:test';
import { serverAndBrowser } from './server.mjs';
import { addNote, organiserCreates, participantJoins, roomTitle, seesNote, startRound } from './helpers.mjs';

const live = serverAndBrowser();

/** Someone joins on a phone during the round and lands in their room. */
async function joinsLate(code, name, role) {
  const context = await live.browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(`${live.server.url}/j/${code}`);
  await page.getByLabel('Je naam').fill(name);
  await page.getByRole('radio', { name: role, exact: true }).check();
  await page.getByRole('button', { name: 'Meedoen' }).click();
  await roomTitle(page);
  return { context, page };
}

test('a latecomer writes in their room and the others see it', async () => {
  const organiser = await organiserCreates(live.browser, live.server.url);
  const anouk = await participantJoins(live.browser, live.server.url, organiser.code, 'Anouk', 'Instituutsopleider');
  await startRound(organiser.page, 'Dialoogsessie 1');
  await roomTitle(anouk.page);
  // Joining during the round leads straight into the room (no lobby).
  const bram = await joinsLate(organiser.code, 'Bram', 'Instituutsopleider');
  await addNote(bram.page, 'Kansen', 'Te laat, maar wel van belang');
  await seesNote(anouk.page, 'Te laat, maar wel van belang');
  await addNote(anouk.page, 'Kansen', 'Welkom Bram');
  await seesNote(bram.page, 'Welkom Bram');

  const cas = await joinsLate(organiser.code, 'Cas', 'Bestuurder');
  await seesNote(cas.page, 'Welkom Bram');
  await addNote(cas.page, 'Kansen', 'Ook een bestuurder erbij');
  await seesNote(anouk.page, 'Ook een bestuurder erbij');
  for (const c of [anouk.context, bram.context, cas.context, organiser.context]) await c.close();
});
