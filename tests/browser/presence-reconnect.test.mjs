// A phone that drops off and comes back keeps counting the people in the
// room: it drops nobody for a silence that was its own, and the others
// hear it again. (A walk-through saw "Verbonden · 1 aanwezig" for ~5 s
// after a reconnect, in a room of five; here, a phone offline for 13 s
// dropped everyone from its count while offline.) A tab that is closed
// leaves the others' list at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './server.mjs';
import { WAIT, anaOnPhoneAndBen, organiserCreates, roomTitle, startRound } from './helpers.mjs';

const live = serverAndBrowser();

/** The room header's "n aanwezig" line. */
const presence = (page) => page.locator('.presence summary').first();

test('a phone back from offline still counts everyone in the room', async () => {
  const organiser = await organiserCreates(live.browser, live.server.url);
  const { ana, ben } = await anaOnPhoneAndBen(live.browser, live.server.url, organiser.code);
  await startRound(organiser.page);
  await roomTitle(ana.page);
  await roomTitle(ben.page);
  await ana.page.getByText(/^2 aanwezig/).waitFor({ timeout: WAIT });

  // Offline for longer than a peer may stay silent before it is dropped
  // (13 s), then back: the phone never says Ana is alone, neither while
  // the silence is its own nor while the room syncs again.
  const seen = new Set();
  const watch = async (ms) => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      seen.add((await presence(ana.page).textContent()).trim());
      await ana.page.waitForTimeout(200);
    }
  };
  await ana.context.setOffline(true);
  await watch(16_000);
  await ana.context.setOffline(false);
  await watch(8_000);
  assert.ok(![...seen].some((s) => s.startsWith('1 aanwezig')), `Ana's phone showed: ${[...seen].join(' | ')}`);
  await ana.page.getByText(/^2 aanwezig/).waitFor({ timeout: WAIT });
  // And Ben hears Ana again.
  await ben.page.getByText(/^2 aanwezig/).waitFor({ timeout: WAIT });
  for (const c of [ana.context, ben.context, organiser.context]) await c.close();
});

test('a closed tab leaves the others\' list at once, not when it expires', async () => {
  const organiser = await organiserCreates(live.browser, live.server.url);
  const { ana, ben } = await anaOnPhoneAndBen(live.browser, live.server.url, organiser.code);
  await startRound(organiser.page);
  await roomTitle(ana.page);
  await ben.page.getByText(/^2 aanwezig/).waitFor({ timeout: WAIT });
  // Ben's clock stands still from here, so Ana cannot expire from his
  // list: only her own word that she left can take her off it.
  await ben.page.clock.install();
  await ben.page.clock.pauseAt(new Date(Date.now() + 1000));
  await ana.page.close({ runBeforeUnload: true });
  await ben.page.getByText(/^1 aanwezig/).waitFor({ timeout: WAIT });
  for (const c of [ana.context, ben.context, organiser.context]) await c.close();
});
