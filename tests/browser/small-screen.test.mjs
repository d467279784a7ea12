// A participant on a 375 px phone: the room's own fields show all of their
// text (nothing clipped), so people know what to type where; so does the
// start page's short number field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './server.mjs';
import { addNote, noteCard, organiserCreates, participantJoins, startRound } from './helpers.mjs';

const live = serverAndBrowser();

test('on a 375 px phone the new-note field shows its whole placeholder', async () => {
  const organiser = await organiserCreates(live.browser, live.server.url);
  const phone = { isMobile: true, hasTouch: true };
  const ana = await participantJoins(live.browser, live.server.url, organiser.code, 'Ana', 'Bestuurder', { width: 375, height: 740 }, phone);
  await startRound(organiser.page);
  const field = ana.page.getByRole('textbox', { name: 'Nieuwe notitie bij Opbrengsten', exact: true });
  await field.waitFor();
  assert.equal(await field.getAttribute('placeholder'), 'Nieuwe notitie… (Enter)');
  const box = await field.evaluate((el) => ({ w: el.clientWidth, sw: el.scrollWidth, h: el.clientHeight, sh: el.scrollHeight }));
  assert.ok(box.sh <= box.h + 1 && box.sw <= box.w + 1, `the placeholder fits its field: ${JSON.stringify(box)}`);
  const button = await ana.page.getByRole('button', { name: /Notitie toevoegen bij Opbrengsten|Toevoegen/ }).first().boundingBox();
  assert.ok(button && button.x + button.width <= 375, 'the add button stays on screen');

  // A note's own buttons (+1, ⋯) are thumb-sized: 44 × 44 px at least.
  await addNote(ana.page, 'Opbrengsten', 'Een notitie om op te tikken');
  const card = await noteCard(ana.page, 'Een notitie om op te tikken');
  for (const target of [card.locator('.btn-vote'), card.locator('.note-more summary')]) {
    const size = await target.boundingBox();
    assert.ok(size && size.width >= 44 && size.height >= 44, `tap target ${JSON.stringify(size)}`);
  }
  // So are the menu's buttons and the page's folded parts.
  await card.locator('.note-more summary').click();
  const folded = ana.page.locator('details > summary', { hasText: 'Ook op een ander apparaat meedoen' });
  for (const target of [card.getByRole('button', { name: 'Verwijderen' }), folded]) {
    const size = await target.boundingBox();
    assert.ok(size && size.height >= 44, `tap target ${await target.textContent()}: ${JSON.stringify(size)}`);
  }
  await ana.context.close();
  await organiser.context.close();
});

test("on a 375 px phone the start page's short number field keeps its label on one line", async () => {
  const context = await live.browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(live.server.url + '/');
  const field = page.getByLabel('Bewaartermijn (dagen)');
  await field.waitFor();
  // The label's text, measured apart from its field: one line high.
  const lines = await field.evaluate((input) => {
    const label = input.closest('label');
    const range = document.createRange();
    range.setStart(label, 0);
    range.setEndBefore(input);
    const height = parseFloat(getComputedStyle(label).lineHeight);
    return Math.round(range.getBoundingClientRect().height / height);
  });
  assert.equal(lines, 1, '"Bewaartermijn (dagen)" wrapped');
  await context.close();
});
