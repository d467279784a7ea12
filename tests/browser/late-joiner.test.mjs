// Someone arrives after the round started: they join with the code, land
// in a room, and what they write reaches the others (a user test found a
// latecomer's notes refused by the server while their screen said
// "Verbonden").
import { test } from 'node:test';
import { serverAndBrowser } from './server.mjs';
import { addNote, organiserCreates, participantJoins, roomTitle, seesNote, startRound } from './helpers.mjs';

const live = serverAndBrowser();

test('a latecomer writes in their room and the others see it', async () => {
  const organiser = await organiserCreates(live.browser, live.server.url);
  const anouk = await participantJoins(live.browser, live.server.url, organiser.code, 'Anouk', 'Instituutsopleider');
  await startRound(organiser.page, 'Dialoogsessie 1');
  await roomTitle(anouk.page);
  // Joining during the round leads straight into the room (no lobby).
  const bramContext = await live.browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  const bram = { context: bramContext, page: await bramContext.newPage() };
  await bram.page.goto(`${live.server.url}/j/${organiser.code}`);
  await bram.page.getByLabel('Je naam').fill('Bram');
  await bram.page.getByRole('radio', { name: 'Instituutsopleider', exact: true }).check();
  await bram.page.getByRole('button', { name: 'Meedoen' }).click();
  await roomTitle(bram.page);
  await addNote(bram.page, 'Kansen', 'Te laat, maar wel van belang');
  await seesNote(anouk.page, 'Te laat, maar wel van belang');
  await addNote(anouk.page, 'Kansen', 'Welkom Bram');
  await seesNote(bram.page, 'Welkom Bram');
  for (const c of [anouk.context, bram.context, organiser.context]) await c.close();
});
