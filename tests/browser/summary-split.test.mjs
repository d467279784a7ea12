// A wrong merge is fixed once. Two groups wrote three remarks the engine
// merges ("3x genoemd"; two of them in one group, "2x genoemd" in that
// group's own view); the organiser decides one of them says something else
// and splits it out in "Alle groepen samen", once. After a reload the
// wrong merge is gone from every view (all groups together and each
// group's own view), from the overall text on top, and from every export
// (Markdown, HTML, Word, PDF), all downloaded through the buttons. The review screen also shows
// the day's plan as the report does: the round's times and grouping, and
// each group as "Doelgroep …" with its statement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { serverAndBrowser } from './server.mjs';
import { addNote, companions, organiserCreates, participantJoins, seesNote, WAIT, startRound } from './helpers.mjs';

const live = serverAndBrowser();

const people = [
  { name: 'Bea Bestuur', role: 'Bestuurder', remarks: ['Tijd is een uitdaging', 'Te weinig tijd'] },
  { name: 'Sanne School', role: 'Schoolleider', remarks: ['Gebrek aan tijd'] },
];
const SPLIT = 'Te weinig tijd';

/** The item marked "{n}x genoemd" within `scope`. */
const mentioned = (page, scope, n) => scope.locator('.s-item', { has: page.locator('.s-badge', { hasText: new RegExp(`^${n}x genoemd$`) }) });

/** The text of `word/document.xml` inside a .docx (a zip). */
function docxXml(bytes) {
  // The central directory lists every entry with its offset.
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const entries = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  for (let i = 0; i < entries; i++) {
    const method = bytes.readUInt16LE(at + 10);
    const size = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extra = bytes.readUInt16LE(at + 30);
    const comment = bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    if (name === 'word/document.xml') {
      const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
      const data = bytes.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    at += 46 + nameLength + extra + comment;
  }
  throw new Error('no word/document.xml in the download');
}

async function download(page, label) {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: WAIT }), page.getByRole('button', { name: `Downloaden als ${label}` }).click()]);
  return readFileSync(await file.path());
}

test('a wrong merge split once is gone from every view, the overall text and every export', async () => {
  const { server, browser } = live;
  const organiser = await organiserCreates(browser, server.url);
  const joined = [];
  try {
    for (const p of people) joined.push({ ...p, ...(await participantJoins(browser, server.url, organiser.code, p.name, p.role)) });
    await companions(server.url, organiser.code, people.map((p) => p.role));
    await startRound(organiser.page, 'Dialoogsessie 1');
    for (const p of joined) {
      for (const remark of p.remarks) {
        await addNote(p.page, 'Uitdagingen', remark);
        await seesNote(p.page, remark);
      }
    }
    await organiser.page.getByRole('button', { name: 'Beëindig Dialoogsessie 1' }).click();
    await organiser.page.getByRole('button', { name: 'Ja, beëindig Dialoogsessie 1' }).click();
    await joined[0].page.getByText('Deze ronde is afgesloten').waitFor({ timeout: WAIT });

    const page = organiser.page;
    await page.getByRole('link', { name: 'Samenvatting openen' }).click();
    await page.waitForURL(/\/o\/[^/]+\/samenvatting/, { timeout: WAIT });
    const overall = page.getByRole('textbox', { name: 'Tekst van de samenvatting bovenaan' });
    await overall.waitFor({ timeout: WAIT });

    // Before: the engine merged all three, and the overall text says so.
    const round = page.locator('.s-round').first();
    await mentioned(page, round, 3).waitFor({ timeout: WAIT });
    assert.match(await overall.inputValue(), /\(3x/, 'the overall text reports the merged remark');
    // The plan's header, as in the report: times, grouping, "Doelgroep …" with its statement.
    await round.locator('.s-plan').getByText(/In homogene groepen/).waitFor({ timeout: WAIT });
    const views = round.getByLabel('Weergave van Dialoogsessie 1');
    const groupLabels = (await views.locator('option').allTextContents()).filter((l) => l !== 'Alle groepen samen');
    assert.equal(groupLabels.length, 2, `two group views, got ${groupLabels}`);
    const beasGroup = groupLabels.find((l) => l.startsWith('Bestuurders'));
    assert.ok(beasGroup, `Bea's group among ${groupLabels}`);
    await views.selectOption({ label: beasGroup });
    await round.getByRole('heading', { name: `Doelgroep ${beasGroup}`, level: 3 }).waitFor({ timeout: WAIT });
    await round.locator('blockquote.statement').first().waitFor({ timeout: WAIT });
    await mentioned(page, round, 2).waitFor({ timeout: WAIT });
    await views.selectOption({ label: 'Alle groepen samen' });

    // Split Bea's second note out, once, in "Alle groepen samen".
    const merged = mentioned(page, round, 3);
    await merged.getByText('Alle notities (3)').click();
    await merged.getByRole('button', { name: `Notitie „${SPLIT}” losmaken als eigen opmerking` }).click();
    await page.getByText('Wijziging opgeslagen.').waitFor({ timeout: WAIT });

    await page.reload();
    await overall.waitFor({ timeout: WAIT });
    await round.locator('.s-item-text', { hasText: SPLIT }).waitFor({ timeout: WAIT });
    // Every view: all groups together and each group's own. The split-out
    // note stands alone; nothing counts it with the others any more.
    const alone = (view) => `"${SPLIT}" stands alone in the view ${view}`;
    await mentioned(page, round, 2).waitFor({ timeout: WAIT });
    assert.equal(await mentioned(page, round, 3).count(), 0, 'no "3x genoemd" left in Alle groepen samen');
    assert.equal(await mentioned(page, round, 1).filter({ has: page.locator('.s-item-text', { hasText: SPLIT }) }).count(), 1, alone('Alle groepen samen'));
    await views.selectOption({ label: beasGroup });
    await round.getByRole('heading', { name: `Doelgroep ${beasGroup}`, level: 3 }).waitFor({ timeout: WAIT });
    await round.locator('.s-item-text', { hasText: SPLIT }).waitFor({ timeout: WAIT });
    assert.equal(await mentioned(page, round, 2).count(), 0, `no "2x genoemd" left in the view ${beasGroup}`);
    assert.equal(await mentioned(page, round, 1).filter({ has: page.locator('.s-item-text', { hasText: SPLIT }) }).count(), 1, alone(beasGroup));
    assert.doesNotMatch(await overall.inputValue(), /\(3x/, 'the overall text no longer reports the wrong merge');
    // This card has no agreements: no empty agreements block, as in the report.
    assert.equal(await page.getByRole('heading', { name: 'Afspraken en acties' }).count(), 0);

    // Every export, through its button: no "3x", and no count before the split-out remark.
    const md = (await download(page, 'Markdown')).toString('utf8');
    const html = (await download(page, 'HTML (printbaar)')).toString('utf8');
    const docx = docxXml(await download(page, 'Word (DOCX)'));
    const pdf = (await download(page, 'PDF')).toString('latin1');
    assert.ok(pdf.startsWith('%PDF-'), 'the PDF download is a PDF');
    for (const [format, text] of Object.entries({ md, html, docx, pdf })) {
      assert.ok(text.includes(SPLIT), `${format} has the split-out remark`);
      assert.ok(text.includes('2x genoemd'), `${format} still counts the two remarks that belong together`);
      assert.ok(!text.includes('3x genoemd') && !/\(3x/.test(text), `${format} no longer counts the wrong merge`);
      for (let at = text.indexOf(SPLIT); at >= 0; at = text.indexOf(SPLIT, at + 1)) {
        assert.ok(!text.slice(Math.max(0, at - 80), at).includes('genoemd'), `${format}: no count before "${SPLIT}" at ${at}`);
      }
    }
  } finally {
    for (const p of joined) await p.context.close();
    await organiser.context.close();
  }
});

test('during a round the organiser watches the report grow without reloading', async () => {
  const { server, browser } = live;
  const organiser = await organiserCreates(browser, server.url);
  const bea = await participantJoins(browser, server.url, organiser.code, 'Bea Bestuur', 'Bestuurder');
  try {
    await startRound(organiser.page, 'Dialoogsessie 1');
    await addNote(bea.page, 'Uitdagingen', 'Tijd is een uitdaging');
    await seesNote(bea.page, 'Tijd is een uitdaging');
    // The summary, opened while the round runs, in a second tab.
    const summary = await organiser.context.newPage();
    await summary.goto(`${server.url}/o/${organiser.sessionId}/samenvatting#secret=${encodeURIComponent(organiser.secret)}`);
    await summary.getByText('Er loopt een ronde').waitFor({ timeout: WAIT });
    await summary.locator('.s-item-text', { hasText: 'Tijd is een uitdaging' }).waitFor({ timeout: WAIT });
    // A new note appears on the open summary by itself.
    await addNote(bea.page, 'Kansen', 'Studenten brengen nieuwe kennis');
    await seesNote(bea.page, 'Studenten brengen nieuwe kennis');
    await summary.locator('.s-item-text', { hasText: 'Studenten brengen nieuwe kennis' }).waitFor({ timeout: 40_000 });
    await summary.getByText(/bijgewerkt om/).waitFor({ timeout: WAIT });
  } finally {
    await bea.context.close();
    await organiser.context.close();
  }
});
