// Ana's phone drops off the Wi-Fi; she writes a note and finishes the
// sentence of one she wrote earlier just before the round ends, and the
// phone comes back only after. Nothing typed is lost: both reach the room
// as late, Ana is told, and the organiser's summary shows them as late.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './server.mjs';
import { addNote, anaOnPhoneAndBen, noteCard, organiserCreates, seesNote, WAIT, startRound } from './helpers.mjs';

const live = serverAndBrowser();

test('a note written offline just before the end reaches the organiser as late', async () => {
  const organiser = await organiserCreates(live.browser, live.server.url);
  const { ana, ben } = await anaOnPhoneAndBen(live.browser, live.server.url, organiser.code);
  await startRound(organiser.page);
  await addNote(ben.page, 'Opbrengsten', 'Op tijd gezegd');
  await seesNote(ana.page, 'Op tijd gezegd');
  await addNote(ana.page, 'Opbrengsten', 'Te weinig');
  await seesNote(ben.page, 'Te weinig');

  await organiser.page.getByRole('button', { name: 'Timer zetten' }).click();
  await ana.page.locator('.timer').first().waitFor({ timeout: WAIT });
  await ana.context.setOffline(true);
  await addNote(ana.page, 'Opbrengsten', 'Net voor het einde');
  const started = (await noteCard(ana.page, 'Te weinig')).locator('[data-testid="note-text"]');
  await started.click();
  await ana.page.keyboard.press('End');
  await started.pressSequentially(' stageplaatsen', { delay: 20 });
  await organiser.page.getByRole('button', { name: 'Beëindig Dialoogsessie 1' }).click();
  await organiser.page.getByRole('button', { name: 'Ja, beëindig Dialoogsessie 1' }).click();
  await ben.page.getByText('Deze ronde is afgesloten').waitFor({ timeout: WAIT });
  await ana.context.setOffline(false);

  await ana.page.getByText(/pas na het einde van de ronde binnenkwamen \(2\) zijn bewaard/).waitFor({ timeout: 20_000 });
  // Back online, the device follows the round's end: closed, no running
  // timer, and the people in the room counted again.
  await ana.page.getByText('Deze ronde is afgesloten').waitFor({ timeout: WAIT });
  await ana.page.locator('.timer').waitFor({ state: 'detached', timeout: WAIT });
  await ana.page.getByText(/^2 aanwezig/).waitFor({ timeout: 20_000 });
  await seesNote(ben.page, 'Net voor het einde');
  await seesNote(ben.page, 'Te weinig stageplaatsen');
  const card = ben.page.locator('article', { has: ben.page.locator('[data-testid="note-text"]') }).filter({ hasText: 'laat binnengekomen' });
  assert.equal(await card.count(), 2, 'the late note and the note finished late are marked late in the room');

  await organiser.page.getByRole('link', { name: 'Samenvatting openen' }).click();
  await organiser.page.waitForURL(/\/o\/[^/]+\/samenvatting/, { timeout: WAIT });
  await organiser.page.getByText('Net voor het einde').first().waitFor({ timeout: WAIT });
  await organiser.page.waitForFunction(() => document.body.innerText.includes('Te weinig stageplaatsen'), null, { timeout: WAIT });
  // Two remarks, each with its one late note.
  await organiser.page.waitForFunction(() => document.body.innerText.split('waarvan 1 laat binnengekomen').length - 1 === 2, null, { timeout: WAIT });
  for (const c of [ana.context, ben.context, organiser.context]) await c.close();
});

// In an anonymous session a note carries no name, so nothing in the room
// says it is Ana's: her phone must still tell her that her late note was
// kept (it remembers the notes it wrote).
test('an anonymous participant is told her late note was kept', async () => {
  const organiser = await organiserCreates(live.browser, live.server.url, undefined, { anonymous: true });
  const { ana, ben } = await anaOnPhoneAndBen(live.browser, live.server.url, organiser.code);
  await startRound(organiser.page);
  await addNote(ben.page, 'Opbrengsten', 'Op tijd gezegd');
  await seesNote(ana.page, 'Op tijd gezegd');

  await ana.context.setOffline(true);
  await addNote(ana.page, 'Opbrengsten', 'Zonder naam en te laat');
  await organiser.page.getByRole('button', { name: 'Beëindig Dialoogsessie 1' }).click();
  await organiser.page.getByRole('button', { name: 'Ja, beëindig Dialoogsessie 1' }).click();
  await ben.page.getByText('Deze ronde is afgesloten').waitFor({ timeout: WAIT });
  await ana.context.setOffline(false);

  await seesNote(ben.page, 'Zonder naam en te laat', 20_000);
  await ana.page.getByText(/pas na het einde van de ronde binnenkwamen \(1\) zijn bewaard/).waitFor({ timeout: 20_000 });
  // Ben wrote no late note: he is told nothing.
  assert.equal(await ben.page.getByText(/pas na het einde van de ronde binnenkwamen/).count(), 0);
  for (const c of [ana.context, ben.context, organiser.context]) await c.close();
});
