// A participant at home hears their room: the organiser gives every room
// of round 1 a video-call link from one pattern; Sanne (on a phone, 375 px)
// says she takes part remotely, sees the link of her own group, and when
// the organiser moves her the link follows. The console shows her as
// remote in her room; her choice survives a reload (the server keeps it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ensureArtifacts, serverAndBrowser } from './server.mjs';
import { organiserCreates, participantJoins, roomTitle, seriousViolations, WAIT, startRound } from './helpers.mjs';

const live = serverAndBrowser();
const PATTERN = 'https://meet.example.org/partnerdag-{room}';

/** The href of the call link Sanne's room shows, once it is `want`. */
async function callLinkIs(page, want) {
  await page.waitForFunction((href) => document.querySelector('a[data-call-link]')?.getAttribute('href') === href, want, { timeout: WAIT });
}

test('a remote participant sees her room\'s call link, and it follows a move', async () => {
  const shots = ensureArtifacts();
  const organiser = await organiserCreates(live.browser, live.server.url);
  const console = organiser.page;
  const sanne = await participantJoins(live.browser, live.server.url, organiser.code, 'Sanne', 'Schoolleider', { width: 375, height: 740 }, { hasTouch: true, isMobile: true });
  const page = sanne.page;

  // A hostile link is refused with a clear message; the pattern is kept.
  const pattern = console.getByLabel('Patroon voor alle groepen');
  await pattern.fill('javascript:alert(1)//{room}');
  await console.getByRole('button', { name: 'Patroon opslaan' }).click();
  await console.locator('.call-links [role="alert"]').getByText(/geen geldige|kan niet/).waitFor({ timeout: WAIT });
  await pattern.fill(PATTERN);
  await console.getByRole('button', { name: 'Patroon opslaan' }).click();
  await console.getByText('Elke groep heeft nu een eigen link.').waitFor({ timeout: WAIT });

  // In the lobby Sanne says she is at home; the server keeps it.
  await page.getByLabel('Ik doe op afstand mee').check();
  await page.reload();
  await page.getByText('Welkom, Sanne').waitFor({ timeout: WAIT });
  await page.waitForFunction(() => document.querySelector('label.switch input')?.checked === true, null, { timeout: WAIT });

  await startRound(console, 'Dialoogsessie 1');
  const first = await roomTitle(page);
  const session = await (await fetch(`${live.server.url}/api/sessions/${organiser.sessionId}`, { headers: { Authorization: `Bearer ${organiser.secret}` } })).json();
  const round = session.rounds[0];
  const sanneId = session.participants.find((p) => p.name === 'Sanne').id;
  assert.equal(session.participants.find((p) => p.name === 'Sanne').attendance, 'remote', 'the server knows she is remote');
  const mine = round.groups.find((g) => g.members.includes(sanneId));
  assert.match(mine.call_link, /^https:\/\/meet\.example\.org\/partnerdag-schoolleiders-hr-medewerkers-\d$/);
  await page.getByRole('link', { name: 'Doe mee via de videoverbinding' }).waitFor({ timeout: WAIT });
  await callLinkIs(page, mine.call_link);
  await page.screenshot({ path: join(shots, 'remote-call-link-375.png'), fullPage: false });
  assert.deepEqual(await seriousViolations(page), [], 'the room with its call link passes axe');

  // The console shows her as remote in her room: count and name.
  const tile = console.locator('.overview-room', { has: console.getByRole('heading', { name: mine.name, exact: true }) });
  await tile.getByText('1 op afstand').waitFor({ timeout: WAIT });
  await tile.getByRole('button', { name: 'Bekijken' }).click();
  const detail = console.locator('.remote-in-room');
  await detail.getByRole('heading', { name: 'Op afstand (1)' }).waitFor({ timeout: WAIT });
  await detail.getByText('Sanne', { exact: true }).waitFor({ timeout: WAIT });
  await console.screenshot({ path: join(shots, 'remote-call-link-console.png'), fullPage: false });
  assert.deepEqual(await seriousViolations(console), [], 'the room detail passes axe');
  await console.getByRole('button', { name: /Terug naar/ }).click();

  // The organiser moves her to another group: her room and link follow.
  const other = round.groups.find((g) => g.id !== mine.id && g.id.startsWith('schoolleiders'));
  await console.getByLabel('Groep van Sanne').selectOption(other.id);
  await page.waitForFunction((name) => document.querySelector('.room-header h1')?.textContent?.trim() === name, other.name, { timeout: WAIT });
  assert.notEqual(first, other.name);
  await callLinkIs(page, other.call_link);
  const otherTile = console.locator('.overview-room', { has: console.getByRole('heading', { name: other.name, exact: true }) });
  await otherTile.getByText('1 op afstand').waitFor({ timeout: WAIT });
  await console.locator('.call-rooms summary').click();
  assert.deepEqual(await seriousViolations(console), [], 'the console with its call links passes axe');

  // Back in the room, the link folds away: she no longer needs it.
  await page.getByLabel('Ik doe op afstand mee').uncheck();
  await page.getByRole('link', { name: 'Doe mee via de videoverbinding' }).waitFor({ state: 'hidden', timeout: WAIT });
  await page.getByText('Videoverbinding van deze groep (voor wie op afstand meedoet)').waitFor({ timeout: WAIT });
  await otherTile.getByText('1 op afstand').waitFor({ state: 'detached', timeout: WAIT });

  await sanne.context.close();
  await organiser.context.close();
});
