// Two people type in the same note at the same time; both end with the same
// text, holding both contributions (Automerge text splices merge), each
// person's words whole and in the order they typed them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './server.mjs';
import { addNote, organiserCreates, participantJoins, roomTitle, seesNote, WAIT, startRound } from './helpers.mjs';

const live = serverAndBrowser();

test('concurrent typing in one note merges both contributions', async () => {
  const { ana, ben, close } = await twoWritersInOneNote('samen');
  const anaNote = ana.page.locator('[data-testid="note-text"]').first();
  const benNote = ben.page.locator('[data-testid="note-text"]').first();

  // Ana appends at the end while Ben prepends at the start, at the same time.
  await anaNote.click();
  await ana.page.keyboard.press('End');
  await benNote.click();
  await ben.page.keyboard.press('Home');
  await Promise.all([anaNote.pressSequentially(' opleiden met Ana', { delay: 25 }), benNote.pressSequentially('Ben wil ', { delay: 25 })]);

  const converged = async (page) =>
    page.waitForFunction(
      () => {
        const v = document.querySelector('[data-testid="note-text"]')?.value ?? '';
        return v.includes('opleiden met Ana') && v.includes('Ben wil') && v.includes('samen');
      },
      null,
      { timeout: WAIT },
    );
  await Promise.all([converged(ana.page), converged(ben.page)]);
  const a = await anaNote.inputValue();
  const b = await benNote.inputValue();
  assert.equal(a, b, 'both see the same merged text');
  assert.equal(a, 'Ben wil samen opleiden met Ana');
  await close();
});

/** Ana and Ben, in one room, both with the caret in the same note. */
async function twoWritersInOneNote(text) {
  const base = live.server.url;
  const organiser = await organiserCreates(live.browser, base);
  const ana = await participantJoins(live.browser, base, organiser.code, 'Ana', 'Bestuurder');
  const ben = await participantJoins(live.browser, base, organiser.code, 'Ben', 'Teamleider');
  await startRound(organiser.page);
  assert.equal(await roomTitle(ana.page), await roomTitle(ben.page), 'Ana and Ben share a room');
  await addNote(ana.page, 'Opbrengsten', text);
  await seesNote(ben.page, text);
  const close = async () => {
    await ana.context.close();
    await ben.context.close();
    await organiser.context.close();
  };
  return { ana, ben, close };
}

/** Types `words` one key at a time at the caret, as a person does. */
async function types(page, words) {
  const field = page.locator('[data-testid="note-text"]').first();
  for (const ch of words) await field.press(ch === ' ' ? 'Space' : ch, { delay: 5 });
}

async function converged(pages, mustHold) {
  await Promise.all(
    pages.map((page) =>
      page.waitForFunction(
        (parts) => {
          const v = document.querySelector('[data-testid="note-text"]')?.value ?? '';
          return parts.every((p) => v.includes(p));
        },
        mustHold,
        { timeout: WAIT },
      ),
    ),
  );
  const texts = await Promise.all(pages.map((p) => p.locator('[data-testid="note-text"]').first().inputValue()));
  assert.equal(texts[0], texts[1], 'both see the same merged text');
  return texts[0];
}

for (const where of ['End', 'Home']) {
  test(`two people typing at the same caret (${where}) keep their words whole and in order`, async () => {
    const { ana, ben, close } = await twoWritersInOneNote('Proef 2:');
    const anaField = ana.page.locator('[data-testid="note-text"]').first();
    const benField = ben.page.locator('[data-testid="note-text"]').first();
    await anaField.click();
    await ana.page.keyboard.press(where);
    await benField.click();
    await ben.page.keyboard.press(where);
    // Interleaved: both type word after word at once, at the same spot.
    const anaWords = ' aaa bbb ccc ddd';
    const benWords = ' XXX YYY ZZZ';
    await Promise.all([types(ana.page, anaWords), types(ben.page, benWords)]);
    const text = await converged([ana.page, ben.page], [anaWords.trim(), benWords.trim()]);
    assert.ok(text.includes(anaWords), `Ana's words whole and in order in ${JSON.stringify(text)}`);
    assert.ok(text.includes(benWords), `Ben's words whole and in order in ${JSON.stringify(text)}`);
    assert.ok(text.includes('Proef 2:'), `the original text whole in ${JSON.stringify(text)}`);
    if (where === 'End') assert.ok(text.startsWith('Proef 2:'), `typing at the end lands after the text: ${JSON.stringify(text)}`);
    else assert.ok(text.endsWith('Proef 2:'), `typing at the start lands before the text: ${JSON.stringify(text)}`);
    assert.equal(text.length, 'Proef 2:'.length + anaWords.length + benWords.length, 'nothing lost, nothing doubled');
    await close();
  });
}
