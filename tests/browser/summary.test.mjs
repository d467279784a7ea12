// After a round: a board member, a school leader and an institute-based
// teacher educator, each in their own group's room, write the same remark in
// their own words under "Uitdagingen". The organiser ends the round, opens
// the summary, sees one merged item "3x genoemd" said by the three groups,
// renames its topic, reloads (the rename is kept: it is stored on the server)
// and downloads the Word file.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureArtifacts, launchBrowser, startServer } from './server.mjs';
import { addNote, organiserCreates, participantJoins, roomTitle, seesNote, WAIT } from './helpers.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const people = [
  { name: 'Bea Bestuur', role: 'Bestuurder', remark: 'Tijd is een uitdaging' },
  { name: 'Sanne School', role: 'Schoolleider', remark: 'Gebrek aan tijd' },
  { name: 'Ivo Instituut', role: 'Instituutsopleider', remark: 'Te weinig tijd' },
];

test('the summary merges one remark from three groups, keeps a renamed topic and exports Word', async () => {
  const base = server.url;
  const organiser = await organiserCreates(browser, base);
  const joined = [];
  for (const p of people) joined.push({ ...p, ...(await participantJoins(browser, base, organiser.code, p.name, p.role)) });
  await organiser.page.getByRole('button', { name: 'Start Dialoogsessie 1' }).click();

  const rooms = new Set();
  for (const p of joined) rooms.add(await roomTitle(p.page));
  assert.equal(rooms.size, 3, `three different rooms, got ${[...rooms]}`);

  for (const p of joined) {
    await addNote(p.page, 'Uitdagingen', p.remark);
    await seesNote(p.page, p.remark);
  }
  // The organiser's live overview counts each room's note: they reached the server.
  await organiser.page.waitForFunction(
    () =>
      [...document.querySelectorAll('.overview-room dl')].filter((dl) => {
        const dts = [...dl.querySelectorAll('dt')];
        const i = dts.findIndex((dt) => dt.textContent === 'Notities');
        return i >= 0 && dl.querySelectorAll('dd')[i]?.textContent === '1';
      }).length === 3,
    null,
    { timeout: 15_000 },
  );
  await organiser.page.getByRole('button', { name: 'Beëindig Dialoogsessie 1' }).click();
  await joined[0].page.getByText('Deze ronde is afgesloten').waitFor({ timeout: WAIT });

  const page = organiser.page;
  await page.getByRole('link', { name: 'Samenvatting openen' }).click();
  await page.waitForURL(/\/o\/[^/]+\/samenvatting/, { timeout: WAIT });
  await page.getByRole('heading', { name: 'Samenvatting bovenaan' }).waitFor({ timeout: WAIT });

  // One merged item, mentioned three times, by the three groups.
  const merged = page.locator('.s-item', { hasText: '3x genoemd' });
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
  await page.locator('.s-topic', { hasText: 'Tijd en roosters' }).locator('.s-item', { hasText: '3x genoemd' }).waitFor({ timeout: WAIT });

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
  assert.match(download.suggestedFilename(), /\.docx$/);
  const bytes = readFileSync(await download.path());
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'the file is a zip container');

  for (const p of joined) await p.context.close();
  await organiser.context.close();
});
