// The Kwaliteitsgesprek over data (seed 003) as a group holds it: the data
// is attached as a link and as a file and shown to everyone (a file over
// the size bound is refused), the leader assigns the procesbegeleider and
// the organiser the verslaglegger from the console (shown to all), only
// the note-taker keeps the record, the jointly posed question is pinned
// with its label and stays in view while scrolling (a long one scrolls
// inside its box rather than covering the phone), the three phases show
// what each is about, and the proces-check can go back to the data. The
// places the seed does not name (the pinned question, the data) are
// marked as the project's own words. The export carries the pinned
// question, the data link and the record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './server.mjs';
import { WAIT } from './helpers.mjs';
import { groupAtCard } from './instrument.mjs';

const live = serverAndBrowser();

test('the Kwaliteitsgesprek works as its paper version', async () => {
  const base = live.server.url;
  const g = await groupAtCard(live.browser, base, /Kwaliteitsgesprek/);
  const { ana, ben, cas } = g;

  // The three phases, each with what it is about (the seed's middle step
  // "inbreng vanuit je rol" belongs to the proces-check).
  const phases = cas.page.getByRole('list', { name: 'Fasen van het gesprek' });
  for (const text of ['Check-in', 'Proces-check', 'inbreng vanuit je rol', 'Check-out']) await phases.getByText(text).first().waitFor({ timeout: WAIT });

  // Names the seed does not give are marked as the project's own.
  await cas.page.getByRole('region', { name: 'Onze gezamenlijke vraag' }).locator('.badge', { hasText: 'voorbeeld' }).waitFor({ timeout: WAIT });
  await cas.page.locator('.attachments h2', { hasText: 'De data' }).locator('.badge', { hasText: 'voorbeeld' }).waitFor({ timeout: WAIT });

  // The data: a link anyone adds, everyone sees; a bad link is refused.
  await ben.page.getByLabel('Link', { exact: true }).fill('geen link');
  await ben.page.getByRole('button', { name: 'Toevoegen', exact: true }).click();
  await ben.page.getByRole('alert').getByText('Geef een volledige link').waitFor({ timeout: WAIT });
  await ben.page.getByLabel('Titel', { exact: true }).fill('Studenttevredenheid 2025');
  await ben.page.getByLabel('Link', { exact: true }).fill('https://example.org/tevredenheid.xlsx');
  await ben.page.getByRole('button', { name: 'Toevoegen', exact: true }).click();
  const link = cas.page.getByRole('link', { name: 'Studenttevredenheid 2025' });
  await link.waitFor({ timeout: WAIT });
  assert.equal(await link.getAttribute('href'), 'https://example.org/tevredenheid.xlsx');

  // A file: stored by the server, shown to the group, fetched with a token.
  await cas.page.getByLabel('Of voeg een bestand toe (max. 5 MB)').setInputFiles({ name: 'uitval.csv', mimeType: 'text/csv', buffer: Buffer.from('jaar;uitval\n1;12%\n') });
  const fileButton = ben.page.locator('.attachment-list').getByRole('button', { name: 'uitval.csv', exact: true });
  await fileButton.waitFor({ timeout: WAIT });
  const [download] = await Promise.all([ben.page.waitForEvent('download', { timeout: WAIT }), fileButton.click()]);
  assert.equal(download.suggestedFilename(), 'uitval.csv');
  // Once sent, the file field is empty again (a name left there reads as
  // a file still waiting), and the link field is a full touch target.
  await cas.page.waitForFunction(() => document.querySelector('.attachment-form input[type=file]')?.value === '', null, { timeout: WAIT });
  const linkBox = await cas.page.getByLabel('Link', { exact: true }).boundingBox();
  assert.ok(linkBox && linkBox.height >= 44, `the link field is 44 px high on the phone (${linkBox?.height})`);
  await cas.page.getByLabel('Of voeg een bestand toe (max. 5 MB)').setInputFiles({ name: 'te-groot.csv', mimeType: 'text/csv', buffer: Buffer.alloc(5 * 1024 * 1024 + 1, 120) });
  await cas.page.getByRole('alert').getByText('Dit bestand is groter dan 5 MB.').waitFor({ timeout: WAIT });

  // Roles: the leader assigns in the room, the organiser from the
  // console; everyone sees who holds which.
  await ana.page.getByLabel('Procesbegeleider toewijzen').selectOption({ label: 'Ana (jij)' });
  await ben.page.locator('[data-role="procesbegeleider"] .role-holder', { hasText: 'Ana' }).waitFor({ timeout: WAIT });
  assert.equal(await ben.page.getByLabel('Verslaglegger toewijzen').count(), 0, 'only the leader assigns');
  const heading = await ben.page.locator('#roles-h').boundingBox();
  const roleList = await ben.page.locator('.role-list').boundingBox();
  assert.ok(heading && roleList && heading.y + heading.height <= roleList.y + 1, 'the roles heading sits above the roles, not in a column of its own');
  const console = g.organiser.page;
  await console.getByRole('button', { name: /^Kamer .* bekijken$/ }).first().click();
  await console.locator('[data-role="procesbegeleider"] .role-holder', { hasText: 'Ana' }).waitFor({ timeout: WAIT });
  await console.getByLabel('Verslaglegger toewijzen').selectOption({ label: 'Cas' });
  await cas.page.locator('[data-role="verslaglegger"] .role-holder', { hasText: 'Cas (jij)' }).waitFor({ timeout: WAIT });
  await ana.page.locator('[data-role="verslaglegger"] .role-holder', { hasText: 'Cas' }).waitFor({ timeout: WAIT });
  await console.locator('[data-role="verslaglegger"] .role-holder', { hasText: 'Cas' }).waitFor({ timeout: WAIT });

  // The note-taker keeps the record; the others, the leader too, read it.
  const recordField = cas.page.getByRole('textbox', { name: 'Verslag (verslaglegger)' });
  const [fieldBox, rolesBox] = [await recordField.boundingBox(), await cas.page.locator('.conversation-roles').boundingBox()];
  assert.ok(fieldBox && rolesBox && fieldBox.width >= rolesBox.width * 0.8, `the record field spans the phone (${fieldBox?.width} of ${rolesBox?.width} px)`);
  await recordField.fill('We kijken naar de uitval in jaar 1.');
  await ben.page.locator('.record-text', { hasText: 'We kijken naar de uitval in jaar 1.' }).waitFor({ timeout: WAIT });
  await ana.page.locator('.record-text', { hasText: 'We kijken naar de uitval in jaar 1.' }).waitFor({ timeout: WAIT });
  assert.equal(await ana.page.getByRole('textbox', { name: 'Verslag (verslaglegger)' }).count(), 0, 'only the note-taker writes the record');

  // The jointly posed question: labelled, and in view after scrolling.
  await ana.page.getByRole('textbox', { name: 'Onze gezamenlijke vraag' }).fill('Waarom vallen studenten in jaar 1 uit?');
  const pinned = cas.page.getByRole('region', { name: 'Onze gezamenlijke vraag' });
  await pinned.getByText('Waarom vallen studenten in jaar 1 uit?').waitFor({ timeout: WAIT });
  await cas.page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const box = await pinned.boundingBox();
  assert.ok(box && box.y >= -1 && box.y < 812, `the pinned question stays in view on the phone (y = ${box?.y})`);

  // A long one scrolls inside its box instead of covering the notes.
  const long = 'Waarom vallen studenten in jaar 1 uit, en wat zegt de data over de begeleiding op de werkplek, de rol van de schoolopleider en de afstemming tussen school en opleiding in de eerste maanden van het studiejaar?';
  const field = ana.page.getByRole('textbox', { name: 'Onze gezamenlijke vraag' });
  await field.fill(long);
  assert.ok(await field.evaluate((el) => el.scrollWidth <= el.clientWidth + 1 && el.scrollHeight <= el.clientHeight + 1), 'the leader sees the whole question while typing it');
  await pinned.getByText('afstemming tussen school', { exact: false }).waitFor({ timeout: WAIT });
  const longBox = await pinned.boundingBox();
  assert.ok(longBox && longBox.height <= 812 / 4, `a long pinned question takes at most a quarter of the phone's screen (${longBox?.height} px)`);
  const scrolls = await pinned.locator('.pinned-text').evaluate((el) => el.scrollHeight > el.clientHeight);
  assert.ok(scrolls, 'the rest of it is a scroll away inside the box');
  await ana.page.getByRole('textbox', { name: 'Onze gezamenlijke vraag' }).fill('Waarom vallen studenten in jaar 1 uit?');
  await pinned.getByText('Waarom vallen studenten in jaar 1 uit?', { exact: true }).waitFor({ timeout: WAIT });

  // The organiser's message and the pinned question both stay in view,
  // the question under the message, not over it (a walk-through found the
  // message and its close button hidden behind the question).
  // (Sent through the API: the console is showing a room just now.)
  const sent = await fetch(`${base}/api/sessions/${g.organiser.sessionId}/broadcast`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${g.organiser.secret}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ message: 'Nog 10 minuten' }),
  });
  assert.ok(sent.ok, `the organiser's message is sent (${sent.status})`);
  const banner = cas.page.getByRole('alert').filter({ hasText: 'Nog 10 minuten' });
  await banner.waitFor({ timeout: WAIT });
  await cas.page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const close = banner.getByRole('button', { name: 'Bericht sluiten' });
  const closeBox = await close.boundingBox();
  const onTop = await cas.page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.getAttribute('aria-label'), { x: closeBox.x + closeBox.width / 2, y: closeBox.y + closeBox.height / 2 });
  assert.equal(onTop, 'Bericht sluiten', 'the message can be closed while scrolled down');
  const bannerBox = await banner.boundingBox();
  const pinnedBox = await pinned.boundingBox();
  assert.ok(pinnedBox.y >= bannerBox.y + bannerBox.height - 1, `the pinned question sits under the message (${pinnedBox.y} < ${bannerBox.y + bannerBox.height})`);
  await close.click();
  await banner.waitFor({ state: 'detached', timeout: WAIT });

  // The offline notice would scroll away too: it is fixed in view.
  await cas.context.setOffline(true);
  const notice = cas.page.locator('.conn-off');
  await notice.waitFor({ timeout: WAIT });
  const nbox = await notice.boundingBox();
  assert.ok(nbox && nbox.y >= 0 && nbox.y + nbox.height <= 812, 'the offline notice is in view');
  await cas.context.setOffline(false);

  // The proces-check decides: back to the data, or on to the check-out.
  await ana.page.getByRole('button', { name: 'Naar de proces-check' }).click();
  await ana.page.getByRole('button', { name: 'Doorpraten over de data' }).click();
  await cas.page.locator('.phases li.is-current', { hasText: 'Check-in' }).waitFor({ timeout: WAIT });
  // Everyone is told why the card turned back.
  await cas.page.getByRole('status').filter({ hasText: 'De gespreksleider koos ‘Doorpraten over de data’: de groep is terug in de fase Check-in.' }).waitFor({ timeout: WAIT });
  // On to the check-out, and back: a tap too soon does not end the talk.
  await ana.page.getByRole('button', { name: 'Naar de proces-check' }).click();
  await ana.page.getByRole('button', { name: 'De vraag is beantwoord: naar de check-out' }).click();
  await cas.page.locator('.phases li.is-current', { hasText: 'Check-out' }).waitFor({ timeout: WAIT });
  await ana.page.getByRole('button', { name: 'Terug naar de proces-check' }).click();
  await cas.page.locator('.phases li.is-current', { hasText: 'Proces-check' }).waitFor({ timeout: WAIT });

  const res = await fetch(`${base}/api/sessions/${g.organiser.sessionId}/summary?format=md`, { headers: { Authorization: `Bearer ${g.organiser.secret}` } });
  const md = await res.text();
  assert.equal(res.status, 200, md);
  for (const wanted of ['Onze gezamenlijke vraag', 'Waarom vallen studenten in jaar 1 uit?', 'https://example.org/tevredenheid.xlsx', 'uitval.csv', 'Verslag (verslaglegger)', 'We kijken naar de uitval in jaar 1.']) {
    assert.ok(md.includes(wanted), `the export has ${wanted}:\n${md}`);
  }
  assert.ok(md.includes('\n### Groep 1\n') && !md.includes('Waarborg'), `a group of one card is no safeguard:\n${md}`);
});
