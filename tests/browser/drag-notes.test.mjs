// Notes move by dragging, not only through the keyboard select: Ana drags
// one with the mouse on her laptop, Ben drags one with his finger on his
// phone (real touch events through the Chrome DevTools protocol). Each
// note lands under the other question on both screens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './server.mjs';
import { addNote, noteCard, organiserCreates, participantJoins, roomTitle, seesNote, WAIT, startRound } from './helpers.mjs';

const GROUP_Q = 'Verken overeenkomsten en verschillen van elkaars beelden en overtuigingen.';
const START_Q = 'Wat zijn jouw beelden en overtuigingen (denk aan mentale model) van Samen Opleiden?';
const PHONE = { width: 390, height: 844 };

let ana;
let ben;
serverAndBrowser(async ({ browser, server }) => {
  const organiser = await organiserCreates(browser, server.url, /Schoolleider versterkt/);
  ana = await participantJoins(browser, server.url, organiser.code, 'Ana', 'Schoolleider');
  ben = await participantJoins(browser, server.url, organiser.code, 'Ben', 'HR-adviseur', PHONE, { hasTouch: true, isMobile: true });
  await startRound(organiser.page);
  assert.equal(await roomTitle(ana.page), await roomTitle(ben.page), 'Ana and Ben share a room');
});

/** The drop zone of a question: the notes area under its heading. */
function zoneOf(page, question) {
  return page.locator('.question', { has: page.getByRole('heading', { name: question }) }).locator('.target-notes');
}

/** Waits until the note with `text` shows under `question`. */
async function seesUnder(page, question, text) {
  await page.waitForFunction(
    ([q, t]) => {
      const question = [...document.querySelectorAll('.question')].find((el) => el.querySelector('h3')?.textContent?.includes(q));
      return [...(question?.querySelectorAll('[data-testid="note-text"]') ?? [])].some((el) => el.value === t);
    },
    [question, text],
    { timeout: WAIT },
  );
}

async function centre(locator) {
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  assert.ok(box, 'the element is on screen');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

test('a note dragged with the mouse lands under the other question', async () => {
  await addNote(ana.page, GROUP_Q, 'Met de muis verplaatst');
  await seesNote(ben.page, 'Met de muis verplaatst');
  const card = await noteCard(ana.page, 'Met de muis verplaatst');
  // Grab the card by its author line (the text field selects text instead).
  await card.locator('.note-author').hover();
  await ana.page.mouse.down();
  const to = await centre(zoneOf(ana.page, START_Q));
  await ana.page.mouse.move(to.x, to.y, { steps: 12 });
  await ana.page.mouse.up();
  await seesUnder(ana.page, START_Q, 'Met de muis verplaatst');
  await seesUnder(ben.page, START_Q, 'Met de muis verplaatst');
});

test('a note dragged by touch on a phone lands under the other question', async () => {
  await addNote(ben.page, GROUP_Q, 'Met de vinger verplaatst');
  await seesNote(ana.page, 'Met de vinger verplaatst');
  const card = await noteCard(ben.page, 'Met de vinger verplaatst');
  const grip = card.getByTestId('note-grip');
  const from = await centre(grip);
  const target = zoneOf(ben.page, START_Q);
  const touch = await ben.context.newCDPSession(ben.page);
  await touch.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: from.x, y: from.y }] });
  // The phone screen is short: the finger rests at the screen's edge while
  // the page scrolls, until the other question is well inside the screen.
  for (let i = 0; i < 300; i++) {
    const box = await target.boundingBox();
    if (box && box.y > 100 && box.y + 40 < PHONE.height - 100) break;
    const edge = { x: from.x, y: box && box.y > PHONE.height / 2 ? PHONE.height - 5 : 5 };
    await touch.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [edge] });
    await ben.page.waitForTimeout(20);
  }
  // Then onto the question, away from the edges (the scrolling stops), and
  // again until the question stays put.
  for (let i = 0; i < 10; i++) {
    const box = await target.boundingBox();
    const onto = { x: box.x + box.width / 2, y: box.y + Math.min(box.height / 2, 20) };
    await touch.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [onto] });
    await ben.page.waitForTimeout(50);
    if ((await target.boundingBox()).y === box.y) break;
  }
  await touch.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await seesUnder(ben.page, START_Q, 'Met de vinger verplaatst');
  await seesUnder(ana.page, START_Q, 'Met de vinger verplaatst');
});
