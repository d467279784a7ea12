// At a venue the laptop serves plain HTTP on its Wi-Fi address, which
// browsers do not treat as a secure context (no crypto.randomUUID, no
// clipboard API, unlike 127.0.0.1). The README promises that this works:
// here the host name bord.test resolves to the loopback server, so the
// pages run exactly as on http://192.168.x.y. Two phones join, write and
// see each other's notes, and a reload keeps them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, startServer } from './server.mjs';
import { addNote, organiserCreates, participantJoins, roomTitle, seesNote, startRound } from './helpers.mjs';

const PHONE = { width: 390, height: 844 };
let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser({ args: ['--host-resolver-rules=MAP bord.test 127.0.0.1'] });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('phones on the venue network use samenbord over plain HTTP', async () => {
  const base = server.url.replace('127.0.0.1', 'bord.test');
  const organiser = await organiserCreates(browser, base);
  const ana = await participantJoins(browser, base, organiser.code, 'Ana', 'Bestuurder', PHONE);
  const ben = await participantJoins(browser, base, organiser.code, 'Ben', 'Teamleider', PHONE);
  assert.equal(await ana.page.evaluate(() => window.isSecureContext), false, 'the page is not a secure context');
  await startRound(organiser.page);
  assert.equal(await roomTitle(ana.page), await roomTitle(ben.page), 'Ana and Ben share a room');
  await addNote(ana.page, 'Opbrengsten', 'Via het wifi van de locatie');
  await seesNote(ben.page, 'Via het wifi van de locatie');
  await ben.page.reload();
  await seesNote(ben.page, 'Via het wifi van de locatie');
  for (const p of [organiser, ana, ben]) await p.context.close();
});
