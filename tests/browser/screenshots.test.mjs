// Screenshots for review: a participant's room at phone width (375×812) and
// at laptop width, and the organiser's overview. Saved to tests/artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { statSync } from 'node:fs';
import { ensureArtifacts, serverAndBrowser } from './server.mjs';
import { addNote, organiserCreates, participantJoins, roomTitle, seesNote, WAIT, startRound } from './helpers.mjs';

const live = serverAndBrowser();

test('screenshots of the room (phone, laptop) and the organiser overview', async () => {
  const dir = ensureArtifacts();
  const base = live.server.url;
  const organiser = await organiserCreates(live.browser, base);
  const phone = await participantJoins(live.browser, base, organiser.code, 'Fatima', 'Bestuurder', { width: 375, height: 812 });
  const laptop = await participantJoins(live.browser, base, organiser.code, 'Lars', 'Teamleider', { width: 1366, height: 900 });
  await startRound(organiser.page);
  await roomTitle(phone.page);
  await roomTitle(laptop.page);
  await addNote(laptop.page, 'Succesfactoren', 'Vaste contactpersoon per school');
  await addNote(phone.page, 'Kansen', 'Samen scholing organiseren voor alle mentoren');
  await addNote(phone.page, 'Uitdagingen', 'Tijd en roosters');
  await seesNote(phone.page, 'Vaste contactpersoon per school');

  const shots = {
    'room-phone-375.png': phone.page,
    'room-laptop.png': laptop.page,
  };
  for (const [file, page] of Object.entries(shots)) await page.screenshot({ path: join(dir, file), fullPage: true });
  await organiser.page.getByRole('heading', { name: 'Alle kamers' }).waitFor({ timeout: WAIT });
  await organiser.page.locator('.overview-room').first().waitFor({ timeout: WAIT });
  await organiser.page.screenshot({ path: join(dir, 'organiser-overview.png'), fullPage: true });
  for (const f of [...Object.keys(shots), 'organiser-overview.png']) assert.ok(statSync(join(dir, f)).size > 5000, `${f} was written`);

  // The phone layout does not scroll sideways.
  const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `no horizontal scroll at 375 px (overflow ${overflow}px)`);

  await phone.context.close();
  await laptop.context.close();
  await organiser.context.close();
});
