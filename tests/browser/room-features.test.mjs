// Ana and Ben share one room on the school leader card. What one does, the
// other sees: +1s add up, a deleted note comes back with undo (or its
// message is closed at once; only its writer is offered delete; the server
// refuses anyone else), a note moves to another question through the
// keyboard select, a topic group gets a name and a note, an agreement
// (wat/wie/wanneer) is recorded. Silent notes stay private until their
// author shares them or the discussion leader opens the question. Finally
// Ben switches the room to English.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, startServer } from './server.mjs';
import { addNote, noteCard, openMore, organiserCreates, participantJoins, roomTitle, seesNoNote, seesNote, WAIT, startRound } from './helpers.mjs';

const GROUP_Q = 'Verken overeenkomsten en verschillen van elkaars beelden en overtuigingen.';
const START_Q = 'Wat zijn jouw beelden en overtuigingen (denk aan mentale model) van Samen Opleiden?';

let server;
let browser;
let organiser;
let ana;
let ben;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  organiser = await organiserCreates(browser, server.url, /Schoolleider versterkt/);
  ana = await participantJoins(browser, server.url, organiser.code, 'Ana', 'Schoolleider');
  ben = await participantJoins(browser, server.url, organiser.code, 'Ben', 'HR-adviseur');
  await startRound(organiser.page);
  assert.equal(await roomTitle(ana.page), await roomTitle(ben.page), 'Ana and Ben share a room');
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('+1 by two people shows 2 on both screens', async () => {
  await addNote(ana.page, GROUP_Q, 'Samen scholen');
  const anaCard = await noteCard(ana.page, 'Samen scholen');
  const benCard = await noteCard(ben.page, 'Samen scholen');
  await anaCard.getByRole('button', { name: '+1 (0)' }).click();
  await benCard.getByRole('button', { name: '+1 (1)' }).click();
  for (const card of [anaCard, benCard]) await card.getByRole('button', { name: '+1 (2)' }).waitFor({ timeout: WAIT });
  assert.equal(await anaCard.getByRole('button', { name: '+1 (2)' }).getAttribute('aria-pressed'), 'true', 'Ana sees her own +1 as on');
});

test('a deleted note disappears for both and comes back with undo', async () => {
  await addNote(ana.page, GROUP_Q, 'Weg en terug');
  await seesNote(ben.page, 'Weg en terug');
  const card = await openMore(await noteCard(ana.page, 'Weg en terug'));
  await card.getByRole('button', { name: 'Verwijderen' }).click();
  await seesNoNote(ana.page, 'Weg en terug');
  await seesNoNote(ben.page, 'Weg en terug');
  await ana.page.getByText('Notitie verwijderd').waitFor({ timeout: WAIT });
  await ana.page.getByRole('button', { name: 'Ongedaan maken' }).click();
  await seesNote(ana.page, 'Weg en terug');
  await seesNote(ben.page, 'Weg en terug');
});

test('the undo message can be closed at once, and the note stays deleted', async () => {
  await addNote(ana.page, GROUP_Q, 'Weg voor goed');
  const card = await openMore(await noteCard(ana.page, 'Weg voor goed'));
  await card.getByRole('button', { name: 'Verwijderen' }).click();
  const toast = ana.page.getByRole('status').filter({ hasText: 'Notitie verwijderd' });
  await toast.waitFor({ timeout: WAIT });
  await toast.getByRole('button', { name: 'Melding sluiten' }).click();
  await toast.waitFor({ state: 'detached', timeout: WAIT });
  await seesNoNote(ana.page, 'Weg voor goed');
  await seesNoNote(ben.page, 'Weg voor goed');
});

test("no one but its writer is offered to delete a note", async () => {
  await addNote(ana.page, GROUP_Q, 'Van Ana alleen');
  const onBens = await openMore(await noteCard(ben.page, 'Van Ana alleen'));
  await onBens.getByLabel('Verplaats naar…').waitFor({ timeout: WAIT });
  assert.equal(await onBens.getByRole('button', { name: 'Verwijderen' }).count(), 0, "Ben cannot delete Ana's note");
  const onAnas = await openMore(await noteCard(ana.page, 'Van Ana alleen'));
  await onAnas.getByRole('button', { name: 'Verwijderen' }).waitFor({ timeout: WAIT });
  // Closed again: an open menu covers what the next tests click.
  for (const card of [onBens, onAnas]) await card.getByLabel('Meer acties voor deze notitie').click();
});

test("Escape closes a note's menu and gives the keyboard back its ⋯", async () => {
  await addNote(ana.page, GROUP_Q, 'Met het toetsenbord');
  const card = await noteCard(ana.page, 'Met het toetsenbord');
  const more = card.getByLabel('Meer acties voor deze notitie');
  await more.focus();
  await ana.page.keyboard.press('Enter');
  await card.getByRole('button', { name: 'Verwijderen' }).waitFor({ timeout: WAIT });
  await ana.page.keyboard.press('Escape');
  await card.getByRole('button', { name: 'Verwijderen' }).waitFor({ state: 'hidden', timeout: WAIT });
  assert.equal(await more.evaluate((el) => el === document.activeElement), true, 'focus is back on ⋯');
});

test('a note moves to another question with the keyboard select', async () => {
  await addNote(ana.page, GROUP_Q, 'Verhuisnotitie');
  await seesNote(ben.page, 'Verhuisnotitie');
  const card = await openMore(await noteCard(ana.page, 'Verhuisnotitie'));
  const select = card.getByLabel('Verplaats naar…');
  await select.focus();
  await select.selectOption('droom');
  const underDream = (page) =>
    page.waitForFunction(
      (text) => {
        const q = [...document.querySelectorAll('.question')].find((el) => el.querySelector('h3')?.textContent?.includes('Wissel uit: Stel je voor'));
        return [...(q?.querySelectorAll('[data-testid="note-text"]') ?? [])].some((el) => el.value === text);
      },
      'Verhuisnotitie',
      { timeout: WAIT },
    );
  await underDream(ana.page);
  await underDream(ben.page);
});

test('a topic group is made, named and given a note', async () => {
  await addNote(ana.page, GROUP_Q, 'Tijd voor opleiden');
  await seesNote(ana.page, 'Tijd voor opleiden');
  const question = ana.page.locator('.question', { has: ana.page.getByRole('heading', { name: GROUP_Q }) });
  await question.getByRole('button', { name: 'Onderwerpgroep maken' }).click();
  await question.getByRole('textbox', { name: 'Naam van de onderwerpgroep' }).fill('Tijd');
  const card = await openMore(await noteCard(ana.page, 'Tijd voor opleiden'));
  await card.getByLabel('Onderwerp').selectOption({ label: 'Tijd' });
  // Ben sees the named group holding the note.
  const topic = ben.page.getByRole('region', { name: 'Onderwerp: Tijd' });
  await topic.waitFor({ timeout: WAIT });
  await ben.page.waitForFunction(
    () => [...document.querySelectorAll('section.topic [data-testid="note-text"]')].some((el) => el.value === 'Tijd voor opleiden'),
    null,
    { timeout: WAIT },
  );
  assert.equal(await topic.getByRole('textbox', { name: 'Naam van de onderwerpgroep' }).inputValue(), 'Tijd');
});

test('an agreement (wat, wie, wanneer) is seen by the other participant', async () => {
  await ana.page.getByRole('button', { name: 'Afspraak toevoegen' }).click();
  await ana.page.getByRole('textbox', { name: 'Wat (afspraak 1)' }).fill('Mentortraining plannen');
  await ana.page.getByRole('textbox', { name: 'Wie (afspraak 1)' }).fill('Ana');
  await ana.page.getByRole('textbox', { name: 'Wanneer (afspraak 1)' }).fill('voor de herfstvakantie');
  const field = (label, value) =>
    ben.page.waitForFunction(([l, v]) => document.querySelector(`[aria-label="${l}"]`)?.value === v, [label, value], { timeout: WAIT });
  await field('Wat (afspraak 1)', 'Mentortraining plannen');
  await field('Wie (afspraak 1)', 'Ana');
  await field('Wanneer (afspraak 1)', 'voor de herfstvakantie');
});

test('silent notes stay private until the author shares or the discussion leader opens them', async () => {
  const silentField = (page) => page.getByRole('textbox', { name: `Nieuwe stille notitie bij ${START_Q}`, exact: true });
  await silentField(ana.page).fill('Ana denkt eerst zelf na');
  await silentField(ana.page).press('Enter');
  await silentField(ben.page).fill('Ben denkt eerst zelf na');
  await silentField(ben.page).press('Enter');
  await ana.page.getByText('Alleen voor jou').waitFor({ timeout: WAIT });
  await seesNote(ana.page, 'Ana denkt eerst zelf na');
  await seesNote(ben.page, 'Ben denkt eerst zelf na');
  // A shared note written after the silent ones reaches both: the silent ones would have too.
  await addNote(ana.page, GROUP_Q, 'Markering na de stille notities');
  await addNote(ben.page, GROUP_Q, 'Tweede markering');
  await seesNote(ben.page, 'Markering na de stille notities');
  await seesNote(ana.page, 'Tweede markering');
  assert.equal(await (await ben.page.$$eval('[data-testid="note-text"]', (els) => els.map((e) => e.value))).includes('Ana denkt eerst zelf na'), false, 'Ben does not see Ana\'s silent note');
  assert.equal(await (await ana.page.$$eval('[data-testid="note-text"]', (els) => els.map((e) => e.value))).includes('Ben denkt eerst zelf na'), false, 'Ana does not see Ben\'s silent note');

  // Ana shares her own note: Ben sees it; Ben's stays his own.
  const anaNote = ana.page.locator('article.note-private', { hasText: 'Alleen voor jou' });
  await anaNote.getByRole('button', { name: 'Delen met de groep' }).click();
  await seesNote(ben.page, 'Ana denkt eerst zelf na');
  assert.equal((await ana.page.$$eval('[data-testid="note-text"]', (els) => els.map((e) => e.value))).includes('Ben denkt eerst zelf na'), false, 'Ben\'s note is still private');

  // Nobody leads until the organiser appoints someone: no one can open
  // the question on their own.
  assert.equal(await ana.page.getByRole('button', { name: `Stille notities openen: ${START_Q}` }).count(), 0, 'no self-made leader');
  const auth = { Authorization: `Bearer ${organiser.secret}` };
  const view = await (await fetch(`${server.url}/api/sessions/${organiser.sessionId}`, { headers: auth })).json();
  const round = view.rounds.find((r) => r.status === 'running');
  const anaId = view.participants.find((p) => p.name === 'Ana').id;
  const room = round.groups.find((g) => g.members.includes(anaId)).id;
  const appointed = await fetch(`${server.url}/api/sessions/${organiser.sessionId}/participants/${anaId}/lead`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ round_id: round.id, group_id: room }),
  });
  assert.equal(appointed.status, 204);
  // Everyone sees who leads; Ana, as discussion leader, opens the question: Ben's note is shared too.
  await ben.page.getByText('Gespreksleider: Ana').waitFor({ timeout: WAIT });
  assert.equal(await ben.page.getByRole('button', { name: `Stille notities openen: ${START_Q}` }).count(), 0, 'Ben has no leader tools');
  await ana.page.getByRole('button', { name: `Stille notities openen: ${START_Q}` }).click();
  await ana.page.getByRole('button', { name: `Ja, openen: ${START_Q}` }).click();
  await seesNote(ana.page, 'Ben denkt eerst zelf na');
  await ben.page.getByText('Gedeeld: de stille notities zijn geopend.').waitFor({ timeout: WAIT });
  assert.equal(await ben.page.locator('article.note-private').count(), 0, 'nothing of Ben is private any more');
});

test('the language switch turns the room into English', async () => {
  await ben.page.getByRole('button', { name: 'Switch to English' }).click();
  await ben.page.getByRole('textbox', { name: `New note for ${GROUP_Q}`, exact: true }).waitFor({ timeout: WAIT });
  await ben.page.getByText('Connected', { exact: true }).waitFor({ timeout: WAIT });
  await ben.page.getByRole('button', { name: 'Add agreement' }).waitFor({ timeout: WAIT });
  await ben.page.getByRole('button', { name: 'Schakel naar Nederlands' }).waitFor({ timeout: WAIT });
  assert.equal(await ben.page.getByText('Verbonden', { exact: true }).count(), 0, 'no Dutch status left');
  assert.equal(await ben.page.evaluate(() => document.documentElement.lang), 'en');
  // And so it stays after a reload (screen readers pronounce by it).
  await ben.page.reload();
  await ben.page.getByRole('button', { name: 'Add agreement' }).waitFor({ timeout: WAIT });
  assert.equal(await ben.page.evaluate(() => document.documentElement.lang), 'en', 'the page says it is English');
  // Ana, on her own device, keeps Dutch.
  await ana.page.getByText('Verbonden', { exact: true }).waitFor({ timeout: WAIT });
});

test("the room's agreement shows in the summary's action list (wat, wie, wanneer)", async () => {
  const page = organiser.page;
  await page.getByRole('link', { name: 'Samenvatting openen' }).click();
  const list = page.getByRole('table');
  const row = list.getByRole('row').filter({ hasText: 'Mentortraining plannen' });
  await row.waitFor({ timeout: WAIT });
  const cells = await row.getByRole('cell').allTextContents();
  assert.deepEqual(cells.slice(0, 3), ['Mentortraining plannen', 'Ana', 'voor de herfstvakantie']);
  assert.deepEqual(await list.getByRole('columnheader').allTextContents(), ['Wat', 'Wie', 'Wanneer', 'Groep']);
});
