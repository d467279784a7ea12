// What an organiser and a hall rely on around the console: the organiser
// link survives a new tab and can be saved; a statement keeps its line
// breaks; a broadcast shows with an icon that needs no emoji font, stays
// closed once closed, and ends with its round.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serverAndBrowser } from './server.mjs';
import { organiserCreates, participantJoins, WAIT, startRound } from './helpers.mjs';

const live = serverAndBrowser();

test('the organiser link survives a new tab and can be downloaded', async () => {
  const base = live.server.url;
  const organiser = await organiserCreates(live.browser, base);
  // A new tab opened without the link's secret still opens the console.
  const tab = await organiser.context.newPage();
  await tab.goto(`${base}/o/${organiser.sessionId}`);
  await tab.locator('.join-code strong', { hasText: organiser.code }).waitFor({ timeout: WAIT });
  await tab.getByRole('heading', { name: 'Bewaar je organisatorlink' }).waitFor({ timeout: WAIT });
  const [download] = await Promise.all([tab.waitForEvent('download'), tab.getByRole('button', { name: 'Link downloaden' }).click()]);
  const saved = await readFile(await download.path(), 'utf8');
  assert.ok(saved.includes(`/o/${organiser.sessionId}#secret=${encodeURIComponent(organiser.secret)}`), `the file holds the organiser link: ${saved}`);
  // Another browser without the link cannot open it.
  const stranger = await live.browser.newContext();
  const page = await stranger.newPage();
  await page.goto(`${base}/o/${organiser.sessionId}`);
  await page.getByText('Deze link mist de organisatorsleutel').waitFor({ timeout: WAIT });
  await stranger.close();
  await organiser.context.close();
});

test('statements keep their breaks; a broadcast stays closed and ends with its round', async () => {
  const base = live.server.url;
  const organiser = await organiserCreates(live.browser, base);
  const sanne = await participantJoins(live.browser, base, organiser.code, 'Sanne School', 'Schoolleider', { width: 375, height: 740 });
  await startRound(organiser.page);
  const statement = sanne.page.getByLabel('Stelling');
  await statement.waitFor({ timeout: WAIT });
  const shown = await statement.evaluate((el) => el.innerText);
  assert.match(shown, /initiatieven\.\nKortom:/, `"Kortom:" starts its own line: ${JSON.stringify(shown)}`);

  await organiser.page.getByLabel('Bericht aan iedereen').fill('Nog 10 minuten');
  await organiser.page.getByRole('button', { name: 'Versturen' }).click();
  const banner = sanne.page.getByRole('alert').filter({ hasText: 'Nog 10 minuten' });
  await banner.waitFor({ timeout: WAIT });
  assert.equal(await banner.locator('svg.icon-megaphone').count(), 1, 'the icon is an inline SVG');
  assert.doesNotMatch(await banner.innerText(), /\p{Extended_Pictographic}/u, 'no emoji in the banner');
  await banner.getByRole('button', { name: 'Bericht sluiten' }).click();
  await sanne.page.reload();
  await sanne.page.getByLabel('Stelling').waitFor({ timeout: WAIT });
  assert.equal(await sanne.page.getByRole('alert').filter({ hasText: 'Nog 10 minuten' }).count(), 0, 'closed stays closed after a reload');

  // A second device that never closed it sees it until the round ends.
  // Olga arrives late: she lands straight in a room of the running round.
  const olgaContext = await live.browser.newContext();
  const olga = { context: olgaContext, page: await olgaContext.newPage() };
  await olga.page.goto(`${base}/j/${organiser.code}`);
  await olga.page.getByLabel('Je naam').fill('Olga Opleider');
  await olga.page.getByRole('radio', { name: 'Schoolopleider', exact: true }).check();
  await olga.page.getByRole('button', { name: 'Meedoen' }).click();
  const olgaBanner = olga.page.getByRole('alert').filter({ hasText: 'Nog 10 minuten' });
  await olgaBanner.waitFor({ timeout: WAIT });
  await organiser.page.getByRole('button', { name: /^Beëindig / }).first().click();
  await organiser.page.getByRole('button', { name: /^Ja, beëindig / }).first().click();
  await olga.page.getByText('Deze ronde is afgesloten').waitFor({ timeout: WAIT });
  await olgaBanner.waitFor({ state: 'detached', timeout: WAIT });
  await olga.context.close();
  await sanne.context.close();
  await organiser.context.close();
});
