// The Dialoogkaart "Schoolleider versterkt in beeld" (seed 001) as a group
// uses it: the start question is answered individually first (only a
// private field until the leader opens it), the group picks which of the
// numbered questions 1.1–4.6 it discusses, the rest stay folded but
// findable, and the phone page stays short.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './server.mjs';
import { addNote, seesNoNote, seesNote, WAIT } from './helpers.mjs';
import { groupAtCard } from './instrument.mjs';

const live = serverAndBrowser();
const START_Q = 'Wat zijn jouw beelden en overtuigingen (denk aan mentale model) van Samen Opleiden?';
const Q12 = 'Hoe draag je de visie uit en hoe inspireer je de collega’s in de eigen organisatie? Denk aan gedrag, communicatie, etc.';
const Q23 = 'Wat verwacht je van aanstaande leraren binnen jouw team/afdeling/school?';

test('the Dialoogkaart works as its paper version', async () => {
  const base = live.server.url;
  const g = await groupAtCard(live.browser, base, /Schoolleider versterkt/);
  const { ana, ben, cas } = g;

  // Individual first: only the private field, no shared one above it.
  const startSection = cas.page.locator('.card-section', { has: cas.page.getByRole('heading', { name: /^Startvragen/ }) });
  await startSection.getByRole('textbox', { name: `Nieuwe stille notitie bij ${START_Q}` }).waitFor({ timeout: WAIT });
  const labels = await startSection.locator('textarea, input').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  assert.ok(!labels.some((l) => /^Nieuwe notitie bij/.test(l ?? '')), `no shared field on an individual-first question: ${labels}`);
  const silent = startSection.getByRole('textbox', { name: `Nieuwe stille notitie bij ${START_Q}` });
  // On Cas's 375 px phone the field shows its whole placeholder.
  const empty = await silent.evaluate((el) => ({ w: el.clientWidth, sw: el.scrollWidth, h: el.clientHeight, sh: el.scrollHeight }));
  assert.ok(empty.sw <= empty.w + 1 && empty.sh <= empty.h + 1, `the silent placeholder fits: ${JSON.stringify(empty)}`);
  await silent.fill('Samen opleiden is een teamsport');
  await silent.press('Enter');
  await seesNote(cas.page, 'Samen opleiden is een teamsport');
  await seesNoNote(ben.page, 'Samen opleiden is een teamsport', 1500);
  await ana.page.getByRole('button', { name: `Stille notities openen: ${START_Q}` }).click();
  await ana.page.getByRole('button', { name: `Ja, openen: ${START_Q}` }).click();
  await seesNote(ben.page, 'Samen opleiden is een teamsport');
  await ben.page.getByRole('textbox', { name: `Nieuwe notitie bij ${START_Q}` }).waitFor({ timeout: WAIT });

  // Nothing picked yet: the numbered questions are folded but findable.
  const role1 = (page) => page.locator('.card-section', { has: page.getByRole('heading', { name: '1. Rol als visionair en verbinder' }) });
  await role1(cas.page).getByText('Overige vragen (6)').click();
  for (const n of ['1.1', '1.2', '1.6']) await role1(cas.page).locator('.q-number', { hasText: n }).first().waitFor({ timeout: WAIT });
  assert.equal(await cas.page.getByRole('textbox', { name: `Nieuwe notitie bij ${Q12}` }).count(), 0, 'an unpicked question has no note field');

  // Ben picks 1.2, Cas (on the phone) picks 2.3: everyone sees both, numbered.
  await role1(ben.page).getByText('Overige vragen (6)').click();
  await ben.page.getByRole('button', { name: 'Vraag 1.2 bespreken' }).click();
  const role2 = cas.page.locator('.card-section', { has: cas.page.getByRole('heading', { name: '2. Rol richting aanstaande leraren' }) });
  await role2.getByText(/Overige vragen/).click();
  await cas.page.getByRole('button', { name: 'Vraag 2.3 bespreken' }).click();
  for (const p of g.people) {
    await p.page.locator('.question h3', { hasText: Q12 }).locator('.q-number', { hasText: '1.2' }).waitFor({ timeout: WAIT });
    await p.page.locator('.question h3', { hasText: Q23 }).locator('.q-number', { hasText: '2.3' }).waitFor({ timeout: WAIT });
  }
  await addNote(ana.page, Q12, 'Visie uitdragen in het teamoverleg');
  await seesNote(cas.page, 'Visie uitdragen in het teamoverleg');

  // 31 questions open with a field each made an 11,442 px phone page.
  const height = await cas.page.evaluate(() => document.documentElement.scrollHeight);
  assert.ok(height < 8000, `the phone page is ${height} px`);

  // A question can be put back; its notes keep it on the card.
  await ana.page.locator('.question', { hasText: Q23 }).getByRole('button', { name: 'Vraag 2.3 niet meer bespreken' }).click();
  await cas.page.locator('.question h3', { hasText: Q23 }).waitFor({ state: 'detached', timeout: WAIT });
});
