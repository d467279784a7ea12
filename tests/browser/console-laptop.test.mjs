// The organiser runs a round from a 1280×800 laptop: start/end, timer,
// broadcast and every room of the round (a compact live grid, each tile
// opening its room) are on the screen at once, without scrolling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './server.mjs';
import { organiserCreates, participantJoins, WAIT, startRound } from './helpers.mjs';

const live = serverAndBrowser();

/** Whether the element is wholly inside the 1280×800 window as it is now. */
async function onScreen(locator) {
  const box = await locator.boundingBox();
  return Boolean(box) && box.x >= 0 && box.y >= 0 && box.x + box.width <= 1280 && box.y + box.height <= 800;
}

test('during a round the console fits what the organiser uses on one 1280×800 screen', async () => {
  const organiser = await organiserCreates(live.browser, live.server.url);
  const page = organiser.page;
  await page.setViewportSize({ width: 1280, height: 800 });
  const ana = await participantJoins(live.browser, live.server.url, organiser.code, 'Ana', 'Schoolopleider');
  await startRound(page, 'Dialoogsessie 1');
  // One press only asks: the round runs on until the organiser confirms.
  await page.getByRole('button', { name: 'Beëindig Dialoogsessie 1' }).click();
  await page.getByText('Alle kamers van Dialoogsessie 1 sluiten?').waitFor({ timeout: WAIT });
  await page.getByRole('button', { name: 'Annuleren' }).click();
  await page.getByRole('button', { name: 'Beëindig Dialoogsessie 1' }).waitFor({ timeout: WAIT });
  const view = await (await fetch(`${live.server.url}/api/sessions/${organiser.sessionId}`, { headers: { Authorization: `Bearer ${organiser.secret}` } })).json();
  assert.equal(view.rounds[0].status, 'running', 'a single press ends nothing');
  await page.getByRole('button', { name: 'Beëindig Dialoogsessie 1' }).click();
  await page.getByRole('button', { name: 'Ja, beëindig Dialoogsessie 1' }).click();
  await startRound(page, 'Dialoogsessie 2');
  await page.getByRole('button', { name: 'Beëindig Dialoogsessie 2' }).waitFor({ timeout: WAIT });
  const tiles = page.locator('.overview-room');
  await page.waitForFunction(() => document.querySelectorAll('.overview-room').length >= 7, null, { timeout: WAIT });
  await page.evaluate(() => window.scrollTo(0, 0));

  const needed = {
    'end the round': page.getByRole('button', { name: 'Beëindig Dialoogsessie 2' }),
    'timer minutes': page.getByLabel('Minuten'),
    'set the timer': page.getByRole('button', { name: 'Timer zetten' }),
    'broadcast message': page.getByLabel('Bericht aan iedereen'),
    'send the broadcast': page.getByRole('button', { name: 'Versturen' }),
  };
  const count = await tiles.count();
  for (let i = 0; i < count; i++) needed[`room tile ${i + 1}`] = tiles.nth(i).getByRole('button', { name: /^Kamer .* bekijken$/ });
  const off = [];
  for (const [what, locator] of Object.entries(needed)) if (!(await onScreen(locator))) off.push(what);
  assert.deepEqual(off, [], `off the 1280×800 screen: ${off.join(', ')}`);

  // The timer reads on one line (its badge once wrapped "⏱ 9:59" over two).
  await page.getByRole('button', { name: 'Timer zetten' }).click();
  const timer = page.locator('.timer').first();
  await timer.waitFor({ timeout: WAIT });
  const lines = await timer.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const half = parseFloat(getComputedStyle(el).lineHeight) / 2;
    const tops = [...range.getClientRects()].map((r) => r.top);
    return tops.filter((top, i) => tops.slice(0, i).every((t) => Math.abs(t - top) >= half)).length;
  });
  assert.equal(lines, 1, 'the timer badge is one line');

  // A tile opens its room.
  await tiles.first().getByRole('button', { name: /^Kamer .* bekijken$/ }).click();
  await page.getByRole('button', { name: 'Terug naar het overzicht' }).waitFor({ timeout: WAIT });
  await ana.context.close();
  await organiser.context.close();
});
