// The organiser console beyond starting rounds: the projector view the
// room looks at while people join, and moving a person to another room
// while the round runs (also a phone that is offline then).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './server.mjs';
import { addNote, companions, organiserCreates, participantJoins, roomTitle, seesNote, WAIT, startRound } from './helpers.mjs';

const live = serverAndBrowser();

test('the projector view fills the screen with a QR code, link and code that lead to joining', async () => {
  const { browser, server } = live;
  const organiser = await organiserCreates(browser, server.url);
  const page = organiser.page;
  await page.getByRole('button', { name: 'Projectorweergave' }).click();
  const view = page.getByRole('dialog', { name: 'Projectorweergave' });
  await view.waitFor({ timeout: WAIT });

  const screen = page.viewportSize();
  const box = await view.boundingBox();
  assert.deepEqual(
    [box.x, box.y, Math.round(box.width), Math.round(box.height)],
    [0, 0, screen.width, screen.height],
    'the view covers the whole screen',
  );
  const qr = view.getByRole('img', { name: /^QR-code voor / });
  const link = (await qr.getAttribute('aria-label')).replace(/^QR-code voor /, '');
  assert.equal(link, `${server.url}/j/${organiser.code}`, 'the QR code is of the join link');
  const qrBox = await qr.locator('svg').boundingBox();
  assert.ok(qrBox.height >= screen.height * 0.4, `the QR code is big enough to scan from a seat (${qrBox.height}px)`);
  assert.ok((await qr.locator('svg path').count()) > 0, 'the QR code is drawn');
  const shownLink = (await view.locator('.projector-link').textContent()).trim();
  assert.equal(`http://${shownLink}`, link, 'the link is shown without http://');
  assert.equal((await view.locator('.projector-code').textContent()).trim(), organiser.code);
  const size = await view.locator('.projector-code').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(size >= 40, `the code is readable from the back (${size}px)`);
  const close = await view.getByRole('button', { name: 'Sluiten' }).boundingBox();
  assert.ok(close.y + close.height <= screen.height, 'everything fits on the screen, down to the close button');

  // A phone that types the shown link lands on the join form of this session.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const typed = await phone.newPage();
  await typed.goto(`http://${shownLink}`);
  await typed.getByLabel('Je naam').waitFor({ timeout: WAIT });
  assert.ok((await typed.locator('main').textContent()).includes(organiser.code), 'the join form names the code');
  await phone.close();

  await page.keyboard.press('Escape');
  await view.waitFor({ state: 'detached', timeout: WAIT });
  await organiser.context.close();
});

test('the organiser moves a participant to another room while the round runs', async () => {
  const { browser, server } = live;
  const organiser = await organiserCreates(browser, server.url);
  const ana = await participantJoins(browser, server.url, organiser.code, 'Ana', 'Bestuurder');
  const olga = await participantJoins(browser, server.url, organiser.code, 'Olga', 'Schoolopleider');
  await companions(server.url, organiser.code, ['Bestuurder', 'Schoolopleider']);
  const page = organiser.page;
  await startRound(page);
  assert.match(await roomTitle(ana.page), /^Bestuurders & teamleiders/);
  const olgaRoom = await roomTitle(olga.page);
  assert.match(olgaRoom, /^Schoolopleiders/);

  const olgaGroup = await page.getByLabel('Groep van Olga').inputValue();
  assert.ok(olgaGroup, 'Olga is placed');
  // Ana is halfway through a sentence when she is moved.
  const field = (p) => p.getByRole('textbox', { name: 'Nieuwe notitie bij Uitdagingen', exact: true });
  await field(ana.page).fill('We missen nog tijd voor');
  await page.getByLabel('Groep van Ana').selectOption(olgaGroup);
  await page.getByRole('status').filter({ hasText: 'Deelnemer verplaatst.' }).waitFor({ timeout: WAIT });

  // Ana's screen follows her to Olga's room without a reload, says so,
  // keeps her sentence, and they work together there.
  await ana.page.waitForFunction((title) => document.querySelector('.room-header h1')?.textContent?.trim() === title, olgaRoom, { timeout: WAIT });
  const groupName = await page.getByLabel('Groep van Ana').locator('option:checked').textContent();
  const moved = ana.page.getByRole('alert').filter({ hasText: 'De organisator heeft je verplaatst naar' });
  await moved.waitFor({ timeout: WAIT });
  assert.ok((await moved.textContent()).includes(`‘${groupName.trim()}’`), `names the new group: ${await moved.textContent()}`);
  assert.equal(await field(ana.page).inputValue(), 'We missen nog tijd voor', 'her half-typed note came along');
  await moved.getByRole('button', { name: 'Oké' }).click();
  await moved.waitFor({ state: 'detached', timeout: WAIT });
  await addNote(ana.page, 'Opbrengsten', 'Nu bij de schoolopleiders');
  await seesNote(olga.page, 'Nu bij de schoolopleiders');
  assert.equal(await page.getByLabel('Groep van Ana').inputValue(), olgaGroup, 'the console shows where Ana is now');

  await ana.context.close();
  await olga.context.close();
  await organiser.context.close();
});

test('a phone moved while offline says why its new room waits, and opens it once back', async () => {
  const { browser, server } = live;
  const organiser = await organiserCreates(browser, server.url);
  const phone = { isMobile: true, hasTouch: true };
  const ana = await participantJoins(browser, server.url, organiser.code, 'Ana', 'Bestuurder', { width: 375, height: 812 }, phone);
  const olga = await participantJoins(browser, server.url, organiser.code, 'Olga', 'Schoolopleider');
  await companions(server.url, organiser.code, ['Bestuurder', 'Schoolopleider']);
  const page = organiser.page;
  await startRound(page);
  await roomTitle(ana.page);
  const olgaRoom = await roomTitle(olga.page);

  // The live stream still brings the move; the new room cannot load.
  await ana.context.setOffline(true);
  await page.getByLabel('Groep van Ana').selectOption(await page.getByLabel('Groep van Olga').inputValue());
  await ana.page.getByRole('status').filter({ hasText: 'Geen verbinding: deze kamer opent zodra je weer online bent.' }).waitFor({ timeout: WAIT });
  await ana.context.setOffline(false);
  await ana.page.waitForFunction((title) => document.querySelector('.room-header h1')?.textContent?.trim() === title, olgaRoom, { timeout: WAIT });
  for (const c of [ana.context, olga.context, organiser.context]) await c.close();
});
