// A second organiser: the organiser invites Karin as co-host, Karin opens
// the console with her own link and can run the round (but not invite or
// delete the session), and once the organiser revokes her link her open
// console says so and the link no longer opens it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './server.mjs';
import { organiserCreates, WAIT, startRound } from './helpers.mjs';

const live = serverAndBrowser();

test('a co-host runs the console with her own link until it is revoked', async () => {
  const organiser = await organiserCreates(live.browser, live.server.url);
  const page = organiser.page;
  await page.getByLabel('Naam van de mede-organisator').fill('Karin');
  await page.getByRole('button', { name: 'Uitnodigen' }).click();
  const field = page.getByLabel(/^Eigen organisatorlink/);
  await field.waitFor({ timeout: WAIT });
  const link = await field.inputValue();
  assert.ok(!link.includes(encodeURIComponent(organiser.secret)), 'Karin gets a link of her own');

  const karin = await live.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const console = await karin.newPage();
  await console.goto(link);
  await console.getByRole('button', { name: 'Start Dialoogsessie 1' }).waitFor({ timeout: WAIT });
  assert.equal(await console.getByRole('heading', { name: 'Mede-organisator' }).count(), 0, 'a co-host does not invite others');
  assert.equal(await console.getByRole('heading', { name: 'Sessie verwijderen' }).count(), 0, 'nor deletes the session for everyone');
  assert.equal(await page.getByRole('heading', { name: 'Sessie verwijderen' }).count(), 1, 'the organiser can');
  await startRound(console, 'Dialoogsessie 1');
  await page.getByRole('button', { name: 'Beëindig Dialoogsessie 1' }).waitFor({ timeout: WAIT });

  await page.getByRole('button', { name: 'Intrekken: link van Karin' }).click();
  await page.getByRole('button', { name: 'Intrekken: link van Karin' }).waitFor({ state: 'detached', timeout: WAIT });
  // Karin's open console says her link was revoked, not that she is offline.
  await console.getByRole('alert').filter({ hasText: 'jouw link als mede-organisator ingetrokken' }).waitFor({ timeout: WAIT });
  assert.equal(await console.getByRole('button', { name: /^Beëindig/ }).count(), 0, 'and offers nothing to do');
  const again = await karin.newPage();
  await again.goto(link);
  await again.getByRole('alert').waitFor({ timeout: WAIT });
  assert.equal(await again.getByRole('button', { name: /^Beëindig/ }).count(), 0, 'the revoked link opens nothing');
  await karin.close();
  await organiser.context.close();
});
