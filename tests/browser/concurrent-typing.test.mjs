// Two people type in the same note at the same time; both end with the same
// text, holding both contributions (Automerge text splices merge).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './server.mjs';
import { addNote, organiserCreates, participantJoins, roomTitle, seesNote, WAIT } from './helpers.mjs';

const live = serverAndBrowser();

test('concurrent typing in one note merges both contributions', async () => {
  const base = live.server.url;
  const organiser = await organiserCreates(live.browser, base);
  const ana = await participantJoins(live.browser, base, organiser.code, 'Ana', 'Bestuurder');
  const ben = await participantJoins(live.browser, base, organiser.code, 'Ben', 'Teamleider');
  await organiser.page.getByRole('button', { name: /^Start / }).first().click();
  assert.equal(await roomTitle(ana.page), await roomTitle(ben.page), 'Ana and Ben share a room');

  await addNote(ana.page, 'Opbrengsten', 'samen');
  await seesNote(ben.page, 'samen');
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

  await ana.context.close();
  await ben.context.close();
  await organiser.context.close();
});
