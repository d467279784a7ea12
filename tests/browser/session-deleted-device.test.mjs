// Deleting a session also erases its copy on the participants' devices:
// the room documents automerge-repo keeps in IndexedDB (for offline use)
// and the stored identity. Ana's phone is open when the organiser deletes
// and erases at once; Bo's phone is closed then and erases the next time
// it opens the join link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './server.mjs';
import { addNote, organiserCreates, organiserDeletes, participantJoins, roomTitle, seesNote, WAIT, startRound } from './helpers.mjs';

const live = serverAndBrowser();

/** The keys of every document chunk the page's origin holds in IndexedDB. */
async function storedChunks(page) {
  return page.evaluate(
    () =>
      new Promise((ok, fail) => {
        const open = indexedDB.open('samenbord');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('documents')) {
            db.close();
            ok([]);
            return;
          }
          const all = db.transaction('documents').objectStore('documents').getAll();
          all.onerror = () => fail(all.error);
          all.onsuccess = () => {
            db.close();
            const chunks = all.result.filter((r) => Array.isArray(r.key) && r.key[0] !== 'storage-adapter-id');
            ok(chunks.map((r) => r.key.join('/')));
          };
        };
      }),
  );
}

async function waitForChunks(page, predicate, what) {
  const deadline = Date.now() + WAIT;
  let chunks = [];
  while (Date.now() < deadline) {
    chunks = await storedChunks(page);
    if (predicate(chunks)) return chunks;
    await page.waitForTimeout(100);
  }
  assert.fail(`${what}; IndexedDB holds ${chunks.join(', ')}`);
}

/** The room document's id, as the server tells the participant. */
async function roomDocumentId(page) {
  return page.evaluate(async () => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('samenbord.identity.'));
    const { token } = JSON.parse(localStorage.getItem(key));
    const me = await (await fetch('/api/me', { headers: { authorization: `Bearer ${token}` } })).json();
    return me.room.doc_url.replace('automerge:', '');
  });
}

const identityKeys = (page) =>
  page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('samenbord.identity.') || k.startsWith('samenbord.docs.')));

test('a deleted session leaves no notes and no identity on the devices', async () => {
  const { browser, server } = live;
  const base = server.url;
  const organiser = await organiserCreates(browser, base);
  const ana = await participantJoins(browser, base, organiser.code, 'Ana', 'Bestuurder');
  const bo = await participantJoins(browser, base, organiser.code, 'Bo', 'Teamleider');
  await startRound(organiser.page);
  await roomTitle(ana.page);
  await addNote(ana.page, 'Opbrengsten', 'Geheim van de bestuurstafel');
  await seesNote(bo.page, 'Geheim van de bestuurstafel');
  for (const p of [ana, bo]) {
    const room = await roomDocumentId(p.page);
    await waitForChunks(p.page, (chunks) => chunks.some((k) => k.startsWith(`${room}/`)), `${p.name}'s device stores the room`);
    assert.equal((await identityKeys(p.page)).length, 2, `${p.name}'s device keeps an identity and its document list`);
  }
  // Bo closes the app before the organiser deletes.
  await bo.page.close();

  await organiserDeletes(organiser.page, base);

  await ana.page.getByRole('alert').filter({ hasText: 'Deze sessie is verwijderd' }).waitFor({ timeout: WAIT });
  await waitForChunks(ana.page, (chunks) => chunks.length === 0, "Ana's device erased the session's documents");
  assert.deepEqual(await identityKeys(ana.page), [], "Ana's device forgot her identity");

  // Bo opens the app again: the server no longer knows the session.
  const boAgain = await bo.context.newPage();
  await boAgain.goto(`${base}/j/${organiser.code}`);
  await boAgain.getByText('Je deelname is niet meer geldig').waitFor({ timeout: WAIT });
  await waitForChunks(boAgain, (chunks) => chunks.length === 0, "Bo's device erased the session's documents");
  await boAgain.waitForFunction(() => !Object.keys(localStorage).some((k) => k.startsWith('samenbord.identity.')), null, { timeout: WAIT });
  assert.deepEqual(await identityKeys(boAgain), [], "Bo's device forgot his identity");

  await ana.context.close();
  await bo.context.close();
  await organiser.context.close();
});
