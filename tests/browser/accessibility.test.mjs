// Every page of the day, at a phone's 375 px and a laptop's 1280 px, has
// no serious or critical axe-core violation; and the participant's day
// (join, add a note, vote) can be done by keyboard alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './server.mjs';
import { addNote, organiserCreates, participantJoins, seesNote, seriousViolations, WAIT, startRound } from './helpers.mjs';

const live = serverAndBrowser();

async function checkAt(page, widths, name, found) {
  for (const width of widths) {
    await page.setViewportSize({ width, height: width < 600 ? 740 : 800 });
    for (const line of await seriousViolations(page)) found.push(`${name} @${width}: ${line}`);
  }
}

test('every page has no serious or critical axe-core violation at 375 and 1280 px', async () => {
  const base = live.server.url;
  const widths = [375, 1280];
  const found = [];
  const organiser = await organiserCreates(live.browser, base);
  const start = await organiser.context.newPage();
  await start.goto(base + '/');
  await start.getByRole('button', { name: 'Sessie maken' }).waitFor({ timeout: WAIT });
  await checkAt(start, widths, 'start', found);
  const join = await organiser.context.newPage();
  await join.goto(`${base}/j/${organiser.code}`);
  await join.getByLabel('Je naam').waitFor({ timeout: WAIT });
  await checkAt(join, widths, 'join', found);

  const ana = await participantJoins(live.browser, base, organiser.code, 'Ana', 'Bestuurder');
  const ben = await participantJoins(live.browser, base, organiser.code, 'Ben', 'Teamleider');
  await checkAt(ana.page, widths, 'lobby', found);
  await checkAt(organiser.page, widths, 'organiser console', found);

  await startRound(organiser.page);
  await addNote(ana.page, 'Opbrengsten', 'Samen opleiden werkt');
  await seesNote(ben.page, 'Samen opleiden werkt');
  await ben.page.locator('.btn-vote').first().click();
  await checkAt(ana.page, widths, 'room', found);
  await checkAt(organiser.page, widths, 'organiser console during a round', found);

  await organiser.page.setViewportSize({ width: 1280, height: 800 });
  await organiser.page.getByRole('button', { name: 'Projectorweergave' }).first().click();
  await checkAt(organiser.page, widths, 'projector', found);
  await organiser.page.keyboard.press('Escape');

  await organiser.page.getByRole('button', { name: 'Beëindig Dialoogsessie 1' }).click();

  await organiser.page.getByRole('button', { name: 'Ja, beëindig Dialoogsessie 1' }).click();
  await ana.page.getByText('Deze ronde is afgesloten').waitFor({ timeout: WAIT });
  await checkAt(ana.page, widths, 'closed room', found);
  await organiser.page.getByRole('link', { name: 'Samenvatting openen' }).click();
  await organiser.page.waitForURL(/\/o\/[^/]+\/samenvatting/, { timeout: WAIT });
  await organiser.page.getByRole('heading', { name: 'Samenvatting bovenaan' }).waitFor({ timeout: WAIT });
  await checkAt(organiser.page, widths, 'summary', found);

  assert.deepEqual(found, [], `axe-core found:\n${found.join('\n')}`);
  for (const c of [ana.context, ben.context, organiser.context]) await c.close();
});

/** Presses Tab until the focused element matches `wanted` (checked in the
 * page with the focused element); fails after `max` presses. */
async function tabTo(page, what, wanted, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(wanted)) return;
  }
  assert.fail(`Tab never reached ${what}`);
}

test('a participant joins, adds a note and votes with the keyboard alone', async () => {
  const base = live.server.url;
  const organiser = await organiserCreates(live.browser, base);
  const context = await live.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${base}/j/${organiser.code}`);
  await page.getByLabel('Je naam').waitFor({ timeout: WAIT });

  await tabTo(page, 'the name field', () => document.activeElement?.getAttribute('autocomplete') === 'name');
  await page.keyboard.type('Kees');
  await tabTo(page, 'the roles', () => document.activeElement?.getAttribute('name') === 'role');
  // Arrow keys move through a radio group and pick what they land on.
  for (let i = 0; i < 20; i++) {
    if (await page.evaluate(() => document.activeElement?.parentElement?.textContent?.trim() === 'Bestuurder')) break;
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Space');
  assert.equal(await page.getByRole('radio', { name: 'Bestuurder', exact: true }).isChecked(), true);
  await tabTo(page, 'the join button', () => document.activeElement?.textContent?.trim() === 'Meedoen');
  await page.keyboard.press('Enter');
  await page.getByText('Welkom, Kees').waitFor({ timeout: WAIT });

  await startRound(organiser.page);
  await page.locator('.room-header h1').waitFor({ timeout: WAIT });
  await tabTo(page, 'the new note field', () => document.activeElement?.getAttribute('aria-label') === 'Nieuwe notitie bij Opbrengsten');
  await page.keyboard.type('Met het toetsenbord');
  await page.keyboard.press('Enter');
  await seesNote(page, 'Met het toetsenbord');
  await tabTo(page, 'the +1 of the note', () => document.activeElement?.classList.contains('btn-vote'));
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: '+1 (1)' }).waitFor({ timeout: WAIT });
  assert.equal(await page.getByRole('button', { name: '+1 (1)' }).getAttribute('aria-pressed'), 'true', 'the vote is counted');
  await context.close();
  await organiser.context.close();
});
