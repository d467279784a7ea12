// The Instrument voor dialoog (seed 004) as a group plays it: everyone
// browses both decks by theme and kind, Ben proposes a card, the leader
// puts it on the table; notes answer the card on the table, and when the
// next card comes the first keeps its notes in the history. Labels are
// Dutch, the werkvormen and tips are shown, the werkvorm the leader chose
// shapes the card (first in silence), there is no theme picker, and the export
// files each note under the card it answered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './server.mjs';
import { addNote, seesNoNote, seesNote, WAIT } from './helpers.mjs';
import { groupAtCard } from './instrument.mjs';

const live = serverAndBrowser();
const VISIE = 'In hoeverre hebben we nu een gedeelde visie op samen opleiden?';
const EVAL = 'Hoe evalueren we nu samen de kwaliteit van het opleiden, en wat doen we met de uitkomsten?';
const labelOf = (text) => `Spiegelvragen · Opleiden · visie: ${text}`;

test('the Instrument voor dialoog works as its paper version', async () => {
  const base = live.server.url;
  const g = await groupAtCard(live.browser, base, /Instrument voor dialoog/);
  const { ana, ben, cas } = g;

  // One gespreksleider: the roles card names the appointed leader, as the
  // header does, and offers no way to make someone else gespreksleider.
  const leaderRole = cas.page.locator('.conversation-roles [data-role="gespreksleider"]');
  await leaderRole.locator('.role-holder', { hasText: 'Ana' }).waitFor({ timeout: WAIT });
  assert.equal(await ana.page.locator('[data-role="gespreksleider"] select').count(), 0, 'the leader role is not assigned here');

  // No theme picker on this card.
  assert.equal(await cas.page.locator('.theme-choose').count(), 0, 'no theme checkboxes');

  // Werkvormen and tips are on the card, marked as the project's examples.
  await cas.page.getByRole('group', { name: 'Werkvorm' }).getByText('Eerst stil, dan samen').waitFor({ timeout: WAIT });
  await cas.page.getByText('Tips voor gebruik').click();
  await cas.page.getByText(/Probeer niet alle vragen en thema’s in een paar sessies te stoppen/).waitFor({ timeout: WAIT });

  // Everyone browses the decks by theme and kind; Ben proposes a card.
  await ben.page.getByText('Bekijk alle kaarten').click();
  await ben.page.getByLabel('Thema', { exact: true }).selectOption({ label: 'Opleiden' });
  await ben.page.getByLabel('Soort vraag').selectOption({ label: 'Visie' });
  const rows = ben.page.locator('.browse .deck-row');
  assert.equal(await rows.count(), 2, 'one visie card on opleiden in each deck');
  await ben.page.locator('.browse .deck-row', { hasText: VISIE }).getByRole('button', { name: 'Voorstellen' }).click();
  const proposed = ana.page.locator('.proposed .deck-row', { hasText: VISIE });
  await proposed.waitFor({ timeout: WAIT });

  // The leader puts it on the table: a Dutch label, no internal id. Each
  // such button names its card, for a screen reader's list of buttons.
  await proposed.getByRole('button', { name: `Op tafel leggen: ${VISIE}`, exact: true }).click();
  const onTable = cas.page.getByRole('note', { name: 'Getrokken kaart' });
  await onTable.getByText('Spiegelvragen · Opleiden · visie').waitFor({ timeout: WAIT });
  assert.doesNotMatch(await onTable.textContent(), /spiegel\.|realisation|vision|evaluation/, 'no ids or English words');

  // Notes answer the card on the table.
  await addNote(cas.page, labelOf(VISIE), 'De visie staat op papier');
  await seesNote(ana.page, 'De visie staat op papier');

  // The next card: the first keeps its notes, in the history.
  await ana.page.getByText('Bekijk alle kaarten').click();
  await ana.page.locator('.browse .deck-row', { hasText: EVAL }).getByRole('button', { name: 'Op tafel leggen' }).click();
  await cas.page.getByRole('note', { name: 'Getrokken kaart' }).getByText(EVAL).waitFor({ timeout: WAIT });
  const onTableNotes = cas.page.getByRole('note', { name: 'Getrokken kaart' }).locator('[data-testid="note-text"]');
  assert.equal(await onTableNotes.count(), 0, 'the new card starts without the old card’s notes');
  const history = ben.page.locator('.history-card', { hasText: VISIE });
  await history.locator('summary').first().click();
  await history.locator('[data-testid="note-text"]').first().waitFor({ timeout: WAIT });
  assert.equal(await history.locator('[data-testid="note-text"]').first().inputValue(), 'De visie staat op papier');

  // The werkvorm "Eerst stil, dan samen": notes on the card start private.
  // The leader chooses it; Ben cannot change it for the group.
  assert.ok(await ben.page.getByRole('radio', { name: /Eerst stil, dan samen/ }).isDisabled(), 'only the leader chooses the werkvorm');
  await ben.page.getByText('De gespreksleider kiest de werkvorm.').waitFor({ timeout: WAIT });
  await ana.page.getByRole('radio', { name: /Eerst stil, dan samen/ }).check();
  await cas.page.locator('.working-form-desc').waitFor({ timeout: WAIT });
  const evalLabel = `Spiegelvragen · Opleiden · evaluatie: ${EVAL}`;
  const silent = cas.page.getByRole('textbox', { name: `Nieuwe stille notitie bij ${evalLabel}` });
  await silent.fill('We evalueren alleen met de pabo');
  await silent.press('Enter');
  await seesNoNote(ben.page, 'We evalueren alleen met de pabo', 1500);
  await ana.page.getByRole('button', { name: `Stille notities openen: ${evalLabel}` }).click();
  await ana.page.getByRole('button', { name: `Ja, openen: ${evalLabel}` }).click();
  await seesNote(ben.page, 'We evalueren alleen met de pabo');

  // The export keeps which card each note answered.
  const res = await fetch(`${base}/api/sessions/${g.organiser.sessionId}/summary?format=md`, { headers: { Authorization: `Bearer ${g.organiser.secret}` } });
  const md = await res.text();
  assert.equal(res.status, 200, md);
  const a = md.indexOf(labelOf(VISIE));
  const b = md.indexOf('De visie staat op papier');
  const c = md.indexOf(evalLabel);
  const d = md.indexOf('We evalueren alleen met de pabo');
  assert.ok(a >= 0 && b > a && c > b && d > c, `each note under its card:\n${md}`);
});
