// The Gesprekskaart "Samen Opleiden in de veranderende omgeving" (seed 000)
// as a group uses the paper card: Ana, Ben and Cas (on a phone) tick a
// theme at the same moment and untick it with one click, name their own
// ninth theme (labelled, and under that name in the export), see the tools
// including those announced as "komt binnenkort", the levels, and record
// an agreement under the card's own prompts with labelled fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './server.mjs';
import { addNote, seesNote, WAIT } from './helpers.mjs';
import { groupAtCard, onEvery } from './instrument.mjs';

const live = serverAndBrowser();
const VISIE = 'Het creëren en onderhouden van een gezamenlijke visie op Samen Opleiden';

test('the Gesprekskaart works as its paper version', async () => {
  const base = live.server.url;
  const g = await groupAtCard(live.browser, base, /veranderende omgeving/i);
  const { ana, ben, cas } = g;

  // Two people tick the same theme at once: the screens agree, and one
  // click unticks it for everyone. (Plain clicks: \`check()\` failed when
  // the other's tick arrived between its look and its click, and whichever
  // came second then unticked.)
  const box = (page) => page.getByRole('checkbox', { name: VISIE });
  const ticked = (page, on) =>
    page.waitForFunction(([name, want]) => [...document.querySelectorAll('.theme-choose')].some((l) => l.textContent.includes(name) && l.querySelector('input').checked === want), [VISIE, on], { timeout: WAIT });
  await Promise.all([box(ana.page).click(), box(ben.page).click()]);
  const states = () => Promise.all(g.people.map((p) => box(p.page).isChecked()));
  let agreed;
  for (const until = Date.now() + WAIT; agreed === undefined && Date.now() < until; ) {
    const first = await states();
    await ana.page.waitForTimeout(300);
    const then = await states();
    if ([...first, ...then].every((c) => c === first[0])) agreed = first[0];
  }
  assert.notEqual(agreed, undefined, 'the three screens agree on the theme');
  if (!agreed) await box(cas.page).check();
  for (const p of g.people) await ticked(p.page, true);
  await box(cas.page).uncheck();
  for (const p of g.people) await ticked(p.page, false);
  await box(ben.page).check();
  await cas.page.getByRole('heading', { name: 'Richtvragen' }).first().waitFor({ timeout: WAIT });

  // Tools of a theme, including those not online yet.
  const kennis = 'Het realiseren van doorlopende leerlijnen en een leven lang ontwikkelen';
  await ana.page.getByRole('checkbox', { name: kennis }).check();
  await ana.page.locator('.link-soon', { hasText: 'komt binnenkort' }).first().waitFor({ timeout: WAIT });

  // The levels the card is meant for.
  await cas.page.getByText(/school \(micro\).*partnerschap \(meso\).*regio \(macro\)/).waitFor({ timeout: WAIT });

  // The own ninth theme has a visible label; notes go under the group's name.
  await cas.page.locator('.own-theme .field-label', { hasText: 'Eigen thema' }).waitFor({ timeout: WAIT });
  await cas.page.getByRole('textbox', { name: 'Eigen thema' }).fill('Werkdruk van opleiders');
  await addNote(ben.page, 'Eigen thema: Werkdruk van opleiders', 'Uren staan onder druk');
  await seesNote(cas.page, 'Uren staan onder druk');

  // Agreements: the card's prompts, and labelled wat / wie / wanneer.
  for (const prompt of ['Wat spreken we nu concreet af?', 'Wat gaan we bereiken?', 'Wie is aan zet?']) {
    await cas.page.locator('.agreements .prompts li', { hasText: prompt }).waitFor({ timeout: WAIT });
  }
  await ana.page.getByRole('button', { name: 'Afspraak toevoegen' }).click();
  await ana.page.getByRole('textbox', { name: 'Wat (afspraak 1)' }).fill('Uren voor opleiders in de begroting');
  await ana.page.getByRole('textbox', { name: 'Wie (afspraak 1)' }).fill('Ben');
  for (const label of ['Wat', 'Wie', 'Wanneer']) await cas.page.locator('.agreement .field-label', { hasText: new RegExp(`^${label}$`) }).waitFor({ timeout: WAIT });
  await cas.page.waitForFunction(() => [...document.querySelectorAll('.agreement input, .agreement textarea')].some((el) => el.value === 'Uren voor opleiders in de begroting'), null, { timeout: WAIT });
  // The "wat" shows whole, also on a phone: it wraps rather than scrolls.
  const what = cas.page.getByRole('textbox', { name: 'Wat (afspraak 1)' });
  const whole = await what.evaluate((el) => ({ w: el.clientWidth, sw: el.scrollWidth, h: el.clientHeight, sh: el.scrollHeight }));
  assert.ok(whole.sw <= whole.w + 1 && whole.sh <= whole.h + 1, `the agreement's wat shows whole: ${JSON.stringify(whole)}`);

  // The description keeps its paragraphs.
  await cas.page.getByText('Over deze kaart').click();
  assert.ok((await cas.page.locator('.card-about p.section-desc').count()) >= 3, 'the description shows as paragraphs');

  // The export names the own theme and carries the agreement.
  const res = await fetch(`${base}/api/sessions/${g.organiser.sessionId}/summary?format=md`, { headers: { Authorization: `Bearer ${g.organiser.secret}` } });
  const md = await res.text();
  assert.equal(res.status, 200, md);
  assert.match(md, /Eigen thema: Werkdruk van opleiders/);
  assert.match(md, /Uren staan onder druk/);
  assert.match(md, /Uren voor opleiders in de begroting/);
});
