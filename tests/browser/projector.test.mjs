// The projector view is the hall's screen: the session, the join code and
// how many joined while people arrive, then the round's name, timer and
// broadcast, and the remark three rooms are making, merged with its count,
// appearing live as they type; after the round, its themes stay up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ensureArtifacts, serverAndBrowser } from './server.mjs';
import { addNote, companions, organiserCreates, participantJoins, roomTitle, WAIT, startRound } from './helpers.mjs';

const live = serverAndBrowser();


const people = [
  { name: 'Bea Bestuur', role: 'Bestuurder', remark: 'Tijd is een uitdaging' },
  { name: 'Sanne School', role: 'Schoolleider', remark: 'Gebrek aan tijd' },
  { name: 'Ivo Instituut', role: 'Instituutsopleider', remark: 'Te weinig tijd' },
];

test('the projector shows the join code, then the round and the themes across rooms', async () => {
  const organiser = await organiserCreates(live.browser, live.server.url);
  // The hall's screen: a second window of the organiser's browser.
  const hall = await organiser.context.newPage();
  await hall.setViewportSize({ width: 1280, height: 720 });
  await hall.goto(organiser.page.url());
  await hall.getByRole('button', { name: 'Projectorweergave' }).click();
  const screen = hall.getByRole('dialog', { name: 'Projectorweergave' });
  await screen.locator('.projector-code', { hasText: organiser.code }).waitFor({ timeout: WAIT });

  // While people arrive the hall sees which session and how many are in.
  await screen.getByRole('heading', { name: 'Partnerschapsdag' }).waitFor({ timeout: WAIT });
  await screen.getByText('0 aangemeld').waitFor({ timeout: WAIT });
  const joined = [];
  for (const p of people) joined.push(await participantJoins(live.browser, live.server.url, organiser.code, p.name, p.role));
  await screen.getByText('3 aangemeld').waitFor({ timeout: WAIT });
  const whole = await screen.locator('.projector-arrived').boundingBox();
  const title = await screen.getByRole('heading', { name: 'Partnerschapsdag' }).boundingBox();
  assert.ok(title && title.y >= 0 && whole && whole.y + whole.height <= 720, `everything fits the hall screen (title from ${title?.y}px, count to ${whole && whole.y + whole.height}px of 720)`);
  await hall.screenshot({ path: join(ensureArtifacts(), 'projector-arrival.png') });
  await companions(live.server.url, organiser.code, people.map((p) => p.role));
  await startRound(organiser.page, 'Dialoogsessie 1');
  await screen.getByRole('heading', { name: 'Dialoogsessie 1' }).waitFor({ timeout: WAIT });
  await organiser.page.getByRole('button', { name: 'Timer zetten' }).click();
  await screen.locator('.timer').first().waitFor({ timeout: WAIT });
  await organiser.page.getByLabel('Bericht aan iedereen').fill('Nog vijf minuten');
  await organiser.page.getByRole('button', { name: 'Versturen' }).click();
  await screen.getByText('Nog vijf minuten').waitFor({ timeout: WAIT });
  assert.ok(await screen.getByText(organiser.code).first().isVisible(), 'latecomers still see the code');

  const rooms = new Set();
  for (const p of joined) rooms.add(await roomTitle(p.page));
  assert.equal(rooms.size, 3, 'three different rooms');
  for (const [i, p] of joined.entries()) await addNote(p.page, 'Uitdagingen', people[i].remark);
  // The same remark from three rooms, merged, with its count, live.
  await screen.locator('li', { has: hall.locator('.s-badge', { hasText: /^3x genoemd$/ }) }).waitFor({ timeout: 20_000 });
  await hall.screenshot({ path: join(ensureArtifacts(), 'projector-live.png') });

  // The same screen in a window of its own, as the console's link opens
  // it: the console stays usable beside it on the organiser's laptop.
  const [second] = await Promise.all([
    organiser.context.waitForEvent('page'),
    organiser.page.getByRole('link', { name: 'Op een tweede scherm' }).click(),
  ]);
  await second.setViewportSize({ width: 1280, height: 720 });
  await second.getByRole('heading', { name: 'Dialoogsessie 1' }).waitFor({ timeout: WAIT });
  await second.locator('li', { has: second.locator('.s-badge', { hasText: /^3x genoemd$/ }) }).waitFor({ timeout: 20_000 });
  // The hall sees no focus ring, and the organiser's buttons stay faint.
  assert.equal(await second.evaluate(() => document.activeElement?.tagName), 'BODY', 'nothing focused on the hall screen');
  const faint = await second.getByRole('button', { name: 'Sluiten' }).evaluate((el) => Number(getComputedStyle(el).opacity));
  assert.ok(faint < 0.5, `the close button is faint (${faint})`);
  await organiser.page.getByLabel('Bericht aan iedereen').fill('Nog twee minuten');
  await organiser.page.getByRole('button', { name: 'Versturen' }).click();
  await second.getByText('Nog twee minuten').waitFor({ timeout: WAIT });
  assert.equal(await organiser.page.getByRole('dialog', { name: 'Projectorweergave' }).count(), 0, 'the console itself is not covered');

  // A long remark takes two lines: the join code stays on the screen.
  await addNote(joined[0].page, 'Kansen', 'Een lange opmerking over samen opleiden. '.repeat(40).trim());
  await second.locator('li', { hasText: 'Een lange opmerking' }).waitFor({ timeout: 20_000 });
  const footer = await second.locator('.projector-join').boundingBox();
  assert.ok(footer && footer.y + footer.height <= 720, `the join code stays in view (footer ends at ${footer && footer.y + footer.height}px of 720)`);

  // The organiser takes the themes off the screen and puts them back; the
  // other window showing the projector follows.
  await second.getByRole('button', { name: "Thema's verbergen" }).click();
  await second.getByText("De thema's zijn even van het scherm gehaald.").waitFor({ timeout: WAIT });
  assert.equal(await second.locator('.projector-themes li').count(), 0, 'no remark on the screen');
  await screen.getByText("De thema's zijn even van het scherm gehaald.").waitFor({ timeout: WAIT });
  await second.getByRole('button', { name: "Thema's tonen" }).click();
  await second.locator('li', { has: second.locator('.s-badge', { hasText: /^3x genoemd$/ }) }).waitFor({ timeout: WAIT });

  // When the time is up, "Nog twee minuten" comes off the screen (the
  // hall window's clock is moved past the round's timer).
  await second.clock.install({ time: Date.now() });
  await second.clock.fastForward('02:00:00');
  await second.getByText('tijd is om').waitFor({ timeout: WAIT });
  await second.getByText('Nog twee minuten').waitFor({ state: 'detached', timeout: WAIT });

  // The round ends: its themes stay up for the plenary talk about them.
  await organiser.page.getByRole('button', { name: 'Beëindig Dialoogsessie 1' }).click();
  await organiser.page.getByRole('button', { name: 'Ja, beëindig Dialoogsessie 1' }).click();
  await screen.getByText('Afgelopen', { exact: true }).waitFor({ timeout: WAIT });
  await screen.getByRole('heading', { name: 'Dialoogsessie 1' }).waitFor({ timeout: WAIT });
  await screen.locator('li', { has: hall.locator('.s-badge', { hasText: /^3x genoemd$/ }) }).waitFor({ timeout: WAIT });
  for (const c of joined) await c.context.close();
  await organiser.context.close();
});
