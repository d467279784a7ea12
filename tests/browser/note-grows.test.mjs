// A note lengthened on another device grows on a phone too: every line of
// it shows, nothing hidden under the author line (a user test saw 2 of 5
// lines of a note on a 375 px phone after a laptop extended it). And a
// note still shows whole after the screen changes width (a phone turned,
// a window widened): a later user test saw its text cut off then.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './server.mjs';
import { addNote, noteCard, organiserCreates, participantJoins, roomTitle, seesNote, startRound } from './helpers.mjs';

const live = serverAndBrowser();
const LONGER = ' — en daarbij willen we dat elke student een vaste mentor heeft die ook tijd krijgt voor intervisie en begeleiding op school.';

test('a note another device lengthens shows whole on a phone', async () => {
  const organiser = await organiserCreates(live.browser, live.server.url);
  const stijn = await participantJoins(live.browser, live.server.url, organiser.code, 'Stijn', 'Bestuurder');
  const bea = await participantJoins(live.browser, live.server.url, organiser.code, 'Bea', 'Teamleider', { width: 375, height: 740 }, { isMobile: true, hasTouch: true });
  await startRound(organiser.page);
  await roomTitle(stijn.page);
  await roomTitle(bea.page);
  await addNote(stijn.page, 'Opbrengsten', 'Vaste mentor');
  await seesNote(bea.page, 'Vaste mentor');
  const text = (await noteCard(stijn.page, 'Vaste mentor')).locator('[data-testid="note-text"]');
  await text.click();
  await text.press('End');
  await text.pressSequentially(LONGER, { delay: 5 });
  await seesNote(bea.page, 'intervisie en begeleiding op school.');
  const field = (await noteCard(bea.page, 'Vaste mentor')).locator('[data-testid="note-text"]');
  const { client, scroll } = await field.evaluate((el) => ({ client: el.clientHeight, scroll: el.scrollHeight }));
  assert.ok(scroll <= client + 1, `the whole note shows on the phone (${client}px shown of ${scroll}px)`);
  for (const c of [stijn.context, bea.context, organiser.context]) await c.close();
});

test('a note shows whole after the phone turns and the window widens', async () => {
  const organiser = await organiserCreates(live.browser, live.server.url);
  const bea = await participantJoins(live.browser, live.server.url, organiser.code, 'Bea', 'Teamleider', { width: 375, height: 740 }, { isMobile: true, hasTouch: true });
  await startRound(organiser.page);
  await roomTitle(bea.page);
  await addNote(bea.page, 'Opbrengsten', 'Vaste mentor' + LONGER);
  const field = (await noteCard(bea.page, 'Vaste mentor')).locator('[data-testid="note-text"]');
  for (const size of [{ width: 740, height: 375 }, { width: 1280, height: 800 }, { width: 375, height: 740 }]) {
    await bea.page.setViewportSize(size);
    // A frame for layout and the resize observer.
    await bea.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const { client, scroll } = await field.evaluate((el) => ({ client: el.clientHeight, scroll: el.scrollHeight }));
    assert.ok(scroll <= client + 1, `the whole note shows at ${size.width}×${size.height} (${client}px shown of ${scroll}px)`);
  }
  for (const c of [bea.context, organiser.context]) await c.close();
});
