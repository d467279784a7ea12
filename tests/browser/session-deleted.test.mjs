// The organiser deletes the session (hard delete on request): the two
// participants in a room see at once that the session is gone, their notes
// disappear from the screen, and a reload does not bring the old identity back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './server.mjs';
import { addNote, organiserCreates, participantJoins, roomTitle, seesNote, WAIT, startRound } from './helpers.mjs';

const live = serverAndBrowser();

test('deleting the session shows every participant a clear notice', async () => {
  const base = live.server.url;
  const organiser = await organiserCreates(live.browser, base);
  const ana = await participantJoins(live.browser, base, organiser.code, 'Ana', 'Bestuurder');
  const lena = await participantJoins(live.browser, base, organiser.code, 'Lena', 'Teamleider');
  await startRound(organiser.page);
  await roomTitle(ana.page);
  await addNote(ana.page, 'Opbrengsten', 'Wordt zo verwijderd');
  await seesNote(lena.page, 'Wordt zo verwijderd');

  const page = organiser.page;
  await page.getByRole('button', { name: 'Sessie verwijderen…' }).click();
  await page.getByLabel('Typ “verwijderen” om te bevestigen').fill('verwijderen');
  await page.getByRole('button', { name: 'Definitief verwijderen' }).click();
  await page.waitForURL(`${base}/`, { timeout: WAIT });

  for (const p of [ana, lena]) {
    const notice = p.page.getByRole('alert').filter({ hasText: 'Deze sessie is verwijderd' });
    await notice.waitFor({ timeout: WAIT });
    assert.equal(await p.page.locator('[data-testid="note-text"]').count(), 0, `${p.name} no longer sees notes`);
  }
  // The device forgot the participant: a reload asks to join again, and the code is unknown.
  await ana.page.reload();
  await ana.page.getByRole('alert').filter({ hasText: 'Deze sessiecode kennen we niet' }).waitFor({ timeout: WAIT });

  await ana.context.close();
  await lena.context.close();
  await organiser.context.close();
});
