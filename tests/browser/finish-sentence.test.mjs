// The organiser ends the round while Ana is typing in her note. Her field
// used to lock mid-word ("vaste cont"). Now she may finish what she was
// typing, is told it arrives late, and the field locks once she leaves it;
// Ben's note, which she was not typing in, is locked at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './server.mjs';
import { addNote, noteCard, organiserCreates, participantJoins, seesNote, WAIT, startRound } from './helpers.mjs';

const live = serverAndBrowser();

test('a participant finishes the word she was typing when the round ends', async () => {
  const organiser = await organiserCreates(live.browser, live.server.url);
  const phone = { isMobile: true, hasTouch: true };
  const ana = await participantJoins(live.browser, live.server.url, organiser.code, 'Ana', 'Bestuurder', { width: 375, height: 740 }, phone);
  const ben = await participantJoins(live.browser, live.server.url, organiser.code, 'Ben', 'Teamleider');
  await startRound(organiser.page);
  await addNote(ana.page, 'Opbrengsten', 'Goede band met de pabo');
  await addNote(ben.page, 'Opbrengsten', 'Van Ben');
  await seesNote(ana.page, 'Van Ben');

  const field = (await noteCard(ana.page, 'Goede band')).locator('[data-testid="note-text"]');
  await field.click();
  await ana.page.keyboard.press('End');
  await field.pressSequentially(' en vaste cont', { delay: 20 });
  await organiser.page.getByRole('button', { name: 'Beëindig Dialoogsessie 1' }).click();
  await organiser.page.getByRole('button', { name: 'Ja, beëindig Dialoogsessie 1' }).click();
  await ana.page.getByText('Deze ronde is afgesloten').waitFor({ timeout: WAIT });
  await ana.page.getByText('De ronde is afgelopen: maak af wat je typte.').waitFor({ timeout: WAIT });
  assert.equal(await field.getAttribute('readonly'), null, 'her field stays open while she is in it');
  const bens = (await noteCard(ana.page, 'Van Ben')).locator('[data-testid="note-text"]');
  assert.notEqual(await bens.getAttribute('readonly'), null, "Ben's note is locked for her");

  await field.pressSequentially('actpersonen', { delay: 20 });
  await seesNote(ben.page, 'Goede band met de pabo en vaste contactpersonen', 20_000);
  await (await noteCard(ben.page, 'vaste contactpersonen')).getByText('laat binnengekomen').waitFor({ timeout: WAIT });

  await ana.page.keyboard.press('Tab');
  await ana.page.waitForFunction((el) => el.readOnly, await field.elementHandle(), { timeout: WAIT });
  assert.equal(await ana.page.getByText('maak af wat je typte').count(), 0, 'the hint goes with the field');
  for (const c of [ana.context, ben.context, organiser.context]) await c.close();
});
