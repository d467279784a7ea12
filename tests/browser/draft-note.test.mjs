// A note half typed, never added, is still there when the participant
// comes back: a user test typed "Half getypt, niet verstuurd" offline,
// closed the tab, and lost it. Added, the draft is gone; it never reaches
// the others before it is added.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './server.mjs';
import { organiserCreates, participantJoins, roomTitle, seesNote, seesNoNote, WAIT, startRound } from './helpers.mjs';

const live = serverAndBrowser();
const GROUP_Q = 'Verken overeenkomsten en verschillen van elkaars beelden en overtuigingen.';
const PHONE = { width: 375, height: 812 };
const field = (page) => page.getByRole('textbox', { name: `Nieuwe notitie bij ${GROUP_Q}`, exact: true });

/** Ana (on a phone) and Ben in the running round's room. */
async function anaOnHerPhoneAndBen() {
  const base = live.server.url;
  const organiser = await organiserCreates(live.browser, base, /Schoolleider versterkt/);
  const ana = await participantJoins(live.browser, base, organiser.code, 'Ana', 'Schoolleider', PHONE, { isMobile: true, hasTouch: true });
  const ben = await participantJoins(live.browser, base, organiser.code, 'Ben', 'HR-adviseur');
  await startRound(organiser.page);
  await roomTitle(ana.page);
  return { organiser, ana, ben };
}

test('a half-typed note survives closing the tab, offline too', async () => {
  const { organiser, ana, ben } = await anaOnHerPhoneAndBen();
  const roomUrl = ana.page.url();

  // The card arrives with the room's document; then the network goes.
  await field(ana.page).waitFor({ timeout: WAIT });
  await ana.context.setOffline(true);
  await field(ana.page).fill('Half getypt, niet verstuurd');
  await ana.page.close();

  await ana.context.setOffline(false);
  const again = await ana.context.newPage();
  await again.goto(roomUrl);
  await roomTitle(again);
  await field(again).waitFor({ timeout: WAIT });
  assert.equal(await field(again).inputValue(), 'Half getypt, niet verstuurd', 'the draft is back in its field');
  await seesNoNote(ben.page, 'Half getypt, niet verstuurd', 1_000);

  await field(again).press('Enter');
  await seesNote(ben.page, 'Half getypt, niet verstuurd');
  await again.reload();
  await roomTitle(again);
  assert.equal(await field(again).inputValue(), '', 'an added note leaves no draft behind');
});

test('a note still being typed when the round ends is shown, and can still be added as late', async () => {
  const { organiser, ana, ben } = await anaOnHerPhoneAndBen();
  await field(ana.page).fill('Schoolleider als ambassadeur van opleiden');

  await organiser.page.getByRole('button', { name: /^Beëindig / }).first().click();
  await organiser.page.getByRole('button', { name: /^Ja, beëindig / }).click();
  const left = ana.page.locator('.left-draft', { hasText: '“Schoolleider als ambassadeur van opleiden”' });
  await left.waitFor({ timeout: WAIT });
  await left.getByRole('button', { name: 'Toch toevoegen (komt binnen als laat)' }).click();
  await seesNote(ben.page, 'Schoolleider als ambassadeur van opleiden');
  await left.waitFor({ state: 'detached', timeout: WAIT });
  for (const c of [ana.context, ben.context, organiser.context]) await c.close();
});
