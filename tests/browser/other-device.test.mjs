// Ana joined on her phone and wants her laptop too. Joining again made a
// second Ana (counted twice, grouped twice). Her own link, from the phone,
// opens the session on the laptop as the same person: same room, her
// notes, one Ana in the organiser's list. A wrong link says so and offers
// the join form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './server.mjs';
import { addNote, noteCard, organiserCreates, participantJoins, roomTitle, seesNote, WAIT, startRound } from './helpers.mjs';

const live = serverAndBrowser();

test('a participant continues on a second device as the same person', async () => {
  const organiser = await organiserCreates(live.browser, live.server.url);
  const phone = { isMobile: true, hasTouch: true };
  const ana = await participantJoins(live.browser, live.server.url, organiser.code, 'Ana', 'Bestuurder', { width: 375, height: 740 }, phone);
  const ben = await participantJoins(live.browser, live.server.url, organiser.code, 'Ben', 'Teamleider');
  await organiser.page.getByRole('heading', { name: 'Deelnemers (2)' }).waitFor({ timeout: WAIT });
  await startRound(organiser.page);
  await addNote(ana.page, 'Opbrengsten', 'Van mijn telefoon');

  await ana.page.getByText('Ook op een ander apparaat meedoen').click();
  const link = await ana.page.getByLabel('Je eigen link (geheim)').inputValue();
  assert.match(link, /\/j\/[^#]+#als=/, 'a link to the session that carries who she is');
  assert.ok(await ana.page.getByRole('img', { name: 'QR-code met je eigen link' }).isVisible(), 'a code to scan with the laptop');
  const scroll = await ana.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scroll <= 375, `nothing scrolls sideways at 375 px (${scroll})`);

  const laptopContext = await live.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const laptop = await laptopContext.newPage();
  await laptop.goto(link);
  await seesNote(laptop, 'Van mijn telefoon');
  assert.equal(await roomTitle(laptop), await roomTitle(ana.page), 'the laptop is in her room');
  assert.ok(!laptop.url().includes('#als='), 'the token is taken out of the address bar');
  await addNote(laptop, 'Opbrengsten', 'Van mijn laptop');
  await seesNote(ana.page, 'Van mijn laptop');
  const fromLaptop = await noteCard(ben.page, 'Van mijn laptop');
  await fromLaptop.getByText(/^Ana · /).waitFor({ timeout: WAIT });

  // Still one Ana: the organiser counts two people, and a reload of the
  // laptop stays Ana without the link.
  await organiser.page.getByRole('heading', { name: 'Deelnemers (2)' }).waitFor({ timeout: WAIT });
  await laptop.reload();
  await seesNote(laptop, 'Van mijn laptop');

  const strangerContext = await live.browser.newContext();
  const stranger = await strangerContext.newPage();
  await stranger.goto(`${live.server.url}/j/${organiser.code}#als=geen-echte-link`);
  await stranger.getByText('Deze link werkt niet (meer).', { exact: false }).waitFor({ timeout: WAIT });
  await stranger.getByLabel('Je naam').waitFor({ timeout: WAIT });
  for (const c of [ana.context, ben.context, organiser.context, laptopContext, strangerContext]) await c.close();
});
