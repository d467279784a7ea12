// After a round: a board member, a school leader and an institute-based
// teacher educator, each in their own group's room, write the same remark in
// their own words under "Uitdagingen". The organiser ends the round, opens
// the summary, sees one merged item "3x genoemd" said by the three groups,
// renames its topic, reloads (the rename is kept: it is stored on the server)
// and downloads the Word file. The server's language model is configured but
// failing, so the screen says the overall text fell back to the built-in one.
// Then the organiser splits a note out, merges it back, moves another item
// to a new topic and writes an own overall text; all of it survives a reload.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { ensureArtifacts, launchBrowser, startServer } from './server.mjs';
import { addNote, companions, organiserCreates, participantJoins, roomTitle, seesNote, WAIT, startRound } from './helpers.mjs';

let llm;
let server;
let browser;
let organiser;
let joined;
before(async () => {
  // An OpenAI-compatible endpoint that is down for maintenance.
  llm = createServer((req, res) => {
    req.resume();
    res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"maintenance"}');
  });
  await new Promise((ok) => llm.listen(0, '127.0.0.1', ok));
  const env = { SAMENBORD_LLM_URL: `http://127.0.0.1:${llm.address().port}/v1`, SAMENBORD_LLM_MODEL: 'test-model' };
  server = await startServer({ env });
  browser = await launchBrowser();
});
after(async () => {
  for (const p of joined ?? []) await p.context.close();
  await organiser?.context.close();
  await browser?.close();
  await server?.stop();
  await new Promise((ok) => llm.close(ok));
});

/** The report's item marked "{n}x genoemd" (by its badge, not a select option). */
const mentioned = (scope, n) => {
  const page = typeof scope.goto === 'function' ? scope : scope.page();
  return scope.locator('.s-item', { has: page.locator('.s-badge', { hasText: new RegExp(`^${n}x genoemd$`) }) });
};
/** The topic block headed `name`. */
const topicNamed = (page, name) => page.locator('.s-topic', { has: page.getByRole('heading', { name, level: 4, exact: true }) });

const people = [
  { name: 'Bea Bestuur', role: 'Bestuurder', remark: 'Tijd is een uitdaging' },
  { name: 'Sanne School', role: 'Schoolleider', remark: 'Gebrek aan tijd' },
  { name: 'Ivo Instituut', role: 'Instituutsopleider', remark: 'Te weinig tijd' },
];

test('the summary merges one remark from three groups, keeps a renamed topic and exports Word', async () => {
  const base = server.url;
  organiser = await organiserCreates(browser, base);
  joined = [];
  for (const p of people) joined.push({ ...p, ...(await participantJoins(browser, base, organiser.code, p.name, p.role)) });
  await companions(base, organiser.code, people.map((p) => p.role));
  await startRound(organiser.page, 'Dialoogsessie 1');

  const rooms = new Set();
  for (const p of joined) rooms.add(await roomTitle(p.page));
  assert.equal(rooms.size, 3, `three different rooms, got ${[...rooms]}`);

  for (const p of joined) {
    await addNote(p.page, 'Uitdagingen', p.remark);
    await seesNote(p.page, p.remark);
  }
  await addNote(joined[0].page, 'Uitdagingen', 'Geld voor scholing');
  // The organiser's live overview counts the rooms' notes: all four reached the server.
  await organiser.page.waitForFunction(
    () =>
      [...document.querySelectorAll('.overview-room dl')]
        .map((dl) => {
          const i = [...dl.querySelectorAll('dt')].findIndex((dt) => dt.textContent === 'Notities');
          return Number(dl.querySelectorAll('dd')[i]?.textContent ?? 0);
        })
        .reduce((a, b) => a + b, 0) === 4,
    null,
    { timeout: 15_000 },
  );
  await organiser.page.getByRole('button', { name: 'Beëindig Dialoogsessie 1' }).click();
  await organiser.page.getByRole('button', { name: 'Ja, beëindig Dialoogsessie 1' }).click();
  await joined[0].page.getByText('Deze ronde is afgesloten').waitFor({ timeout: WAIT });

  const page = organiser.page;
  await page.getByRole('link', { name: 'Samenvatting openen' }).click();
  await page.waitForURL(/\/o\/[^/]+\/samenvatting/, { timeout: WAIT });
  await page.getByRole('heading', { name: 'Samenvatting bovenaan' }).waitFor({ timeout: WAIT });
  // The language model failed: a visible notice says the built-in summary is shown.
  await page.getByRole('alert').filter({ hasText: 'De automatische samenvatting kon niet worden gemaakt' }).waitFor({ timeout: WAIT });

  // One merged item, mentioned three times, by the three groups.
  const merged = mentioned(page, 3);
  await merged.waitFor({ timeout: WAIT });
  assert.equal(await merged.count(), 1, 'exactly one item says 3x genoemd');
  const by = await merged.locator('.s-groups').textContent();
  // A room is named "Schoolleiders & HR-medewerkers 1"; the report uses the group's label.
  for (const room of rooms) assert.ok(by.includes(room.replace(/ \d+$/, '')), `"${by}" names ${room}`);
  // Its member notes are one click away, in each person's own words.
  await merged.getByText('Alle notities (3)').click();
  for (const p of people) await merged.locator('.s-member-text', { hasText: p.remark }).waitFor({ timeout: WAIT });

  // Rename its topic.
  const topic = page.locator('.s-topic', { has: merged });
  const oldName = (await topic.locator('h4').textContent()).trim();
  await topic.getByRole('button', { name: `Onderwerp ${oldName} hernoemen` }).click();
  await page.getByRole('textbox', { name: `Nieuwe naam voor onderwerp ${oldName}` }).fill('Tijd en roosters');
  await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
  await page.getByRole('heading', { name: 'Tijd en roosters', level: 4 }).waitFor({ timeout: WAIT });
  await page.getByText('Wijziging opgeslagen.').waitFor({ timeout: WAIT });

  // The rename survives a reload: the server keeps the review.
  await page.reload();
  await page.getByRole('heading', { name: 'Tijd en roosters', level: 4 }).waitFor({ timeout: WAIT });
  await mentioned(topicNamed(page, 'Tijd en roosters'), 3).waitFor({ timeout: WAIT });

  // For review: the screen at laptop and phone width; no sideways scroll at 375 px.
  const dir = ensureArtifacts();
  await page.screenshot({ path: join(dir, 'summary-laptop.png'), fullPage: true });
  await page.setViewportSize({ width: 375, height: 812 });
  await page.screenshot({ path: join(dir, 'summary-phone-375.png'), fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `no horizontal scroll at 375 px (overflow ${overflow}px)`);

  // The Word export downloads a real .docx (a zip: "PK").
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: WAIT }),
    page.getByRole('button', { name: 'Downloaden als Word (DOCX)' }).click(),
  ]);
  // Named after the day, so the downloads folder says what the file is
  // (it once carried the session's opaque id).
  assert.match(download.suggestedFilename(), /^samenvatting-partnerschapsdag[a-z0-9-]*\.docx$/);
  assert.ok(!download.suggestedFilename().includes(organiser.sessionId), download.suggestedFilename());
  const bytes = readFileSync(await download.path());
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'the file is a zip container');
  // Every export is named after the day, the JSON one too.
  const [json] = await Promise.all([
    page.waitForEvent('download', { timeout: WAIT }),
    page.getByRole('button', { name: /^Downloaden als .*JSON/ }).click(),
  ]);
  assert.match(json.suggestedFilename(), /^samenvatting-partnerschapsdag[a-z0-9-]*\.json$/);
  await page.setViewportSize({ width: 1366, height: 900 });
});

test('review edits (split, merge, move to a new topic, own overall text) are kept after a reload', async () => {
  const page = organiser.page;
  const item = (text) => page.locator('.s-item', { has: page.locator('.s-item-text', { hasText: text }) });

  // Split Sanne's note out of the merged item.
  const merged = mentioned(page, 3);
  await merged.getByText('Alle notities (3)').click();
  await merged.getByRole('button', { name: 'Notitie „Gebrek aan tijd” losmaken als eigen opmerking' }).click();
  await mentioned(page, 2).waitFor({ timeout: WAIT });
  await item('Gebrek aan tijd').locator('.s-badge', { hasText: /^1x genoemd$/ }).waitFor({ timeout: WAIT });
  assert.equal(await mentioned(page, 3).count(), 0);

  // Merge it back, with the keyboard-usable select. The form says whose
  // wording stays, and so it is.
  const two = mentioned(page, 2);
  const kept = (await two.locator('.s-item-text').textContent()).trim();
  await two.locator('details.s-tools > summary').click();
  await two.getByLabel(`Samenvoegen met (de tekst ‘${kept}’ blijft staan)`).selectOption({ label: 'Gebrek aan tijd (1x genoemd)' });
  await two.getByRole('button', { name: 'Samenvoegen', exact: true }).click();
  await mentioned(page, 3).waitFor({ timeout: WAIT });
  assert.equal(await item('Gebrek aan tijd').count(), 0, 'the split-out item is merged away');
  assert.equal((await mentioned(page, 3).locator('.s-item-text').textContent()).trim(), kept, 'the promised wording stands');

  // Move the money remark to a new topic.
  const money = item('Geld voor scholing');
  await money.locator('details.s-tools > summary').click();
  await money.getByLabel('Verplaatsen naar onderwerp').selectOption({ label: 'Nieuw onderwerp…' });
  await money.getByRole('textbox', { name: 'Naam van het nieuwe onderwerp' }).fill('Financiering');
  await money.getByRole('button', { name: 'Verplaatsen', exact: true }).click();
  await topicNamed(page, 'Financiering').locator('.s-item-text', { hasText: 'Geld voor scholing' }).waitFor({ timeout: WAIT });

  // Write an own overall text: it replaces the built-in one and the notice goes.
  const own = 'Tijd is de grootste uitdaging van alle groepen.';
  await page.getByRole('textbox', { name: 'Tekst van de samenvatting bovenaan' }).fill(own);
  await page.getByRole('button', { name: 'Samenvatting opslaan' }).click();
  await page.getByText('Bewerkt door de organisator.').waitFor({ timeout: WAIT });
  assert.equal(await page.getByText('De automatische samenvatting kon niet worden gemaakt').count(), 0);

  await page.reload();
  await page.getByText('Bewerkt door de organisator.').waitFor({ timeout: WAIT });
  assert.equal(await page.getByRole('textbox', { name: 'Tekst van de samenvatting bovenaan' }).inputValue(), own);
  await mentioned(topicNamed(page, 'Tijd en roosters'), 3).waitFor({ timeout: WAIT });
  await topicNamed(page, 'Financiering').locator('.s-item-text', { hasText: 'Geld voor scholing' }).waitFor({ timeout: WAIT });
  // One round alone shows the same review.
  await page.getByLabel('Samenvatting van').selectOption({ label: 'Dialoogsessie 1' });
  // (the own overall text was written for the whole session, so this round shows the built-in one)
  await page.getByText('Samengesteld uit de meest genoemde opmerkingen.').waitFor({ timeout: WAIT });
  await mentioned(topicNamed(page, 'Tijd en roosters'), 3).waitFor({ timeout: WAIT });
  await topicNamed(page, 'Financiering').waitFor({ timeout: WAIT });
  await page.getByLabel('Samenvatting van').selectOption({ label: 'De hele sessie' });
  await page.getByText('Bewerkt door de organisator.').waitFor({ timeout: WAIT });

  // The Markdown export carries the review too.
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT }), page.getByRole('button', { name: 'Downloaden als Markdown' }).click()]);
  const md = readFileSync(await download.path(), 'utf8');
  assert.ok(md.includes(own), 'the export starts from the own overall text');
  assert.ok(md.includes('Financiering') && md.includes('Tijd en roosters'), 'the export has the reviewed topics');
});
