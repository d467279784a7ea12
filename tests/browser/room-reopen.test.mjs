// Ana's phone is truly off the network (its socket and live stream gone,
// not just flagged offline) when the organiser closes her room. She gives
// Ben's note a +1; back online, the closed room refuses it and her phone
// says it is not saved, after a reload too. When the organiser reopens
// the room her phone must hear it and the +1 must count: a user test's
// phone, back online during the closure, stayed "closed" and refused
// until reloaded after the reopening.
import { test } from 'node:test';
import { serverAndBrowser } from './server.mjs';
import { addNote, noteCard, organiserCreates, participantJoins, seesNote, WAIT, startRound } from './helpers.mjs';

const live = serverAndBrowser();
const NOT_SAVED = /^Niet opgeslagen: je laatste wijziging/;
const ROOM_CLOSED = /organisator heeft deze kamer gesloten/;

/** Keeps every WebSocket and EventSource the page opens, so a test can
 * cut them: Chromium's offline mode leaves open connections alone. */
function trackConnections() {
  window.__connections = [];
  const Socket = window.WebSocket;
  window.WebSocket = class extends Socket {
    constructor(...args) {
      super(...args);
      window.__connections.push(this);
    }
  };
  const Stream = window.EventSource;
  window.EventSource = class extends Stream {
    constructor(...args) {
      super(...args);
      window.__connections.push(this);
    }
  };
}

test('a phone back online while its room is closed writes again once it reopens', async () => {
  const organiser = await organiserCreates(live.browser, live.server.url);
  const phone = { isMobile: true, hasTouch: true };
  const ana = await participantJoins(live.browser, live.server.url, organiser.code, 'Ana', 'Bestuurder', { width: 375, height: 740 }, phone);
  await ana.context.addInitScript(trackConnections);
  await ana.page.reload();
  const ben = await participantJoins(live.browser, live.server.url, organiser.code, 'Ben', 'Teamleider');
  await startRound(organiser.page);
  await addNote(ben.page, 'Opbrengsten', 'Op tijd gezegd');
  await seesNote(ana.page, 'Op tijd gezegd');

  await ana.context.setOffline(true);
  await ana.page.evaluate(() => window.__connections.forEach((c) => c.close()));
  await ana.page.getByText(/^Offline/).waitFor({ timeout: WAIT });
  await organiser.page.getByRole('button', { name: /^Sluiten: / }).first().click();
  await ben.page.getByText(ROOM_CLOSED).waitFor({ timeout: WAIT });
  await (await noteCard(ana.page, 'Op tijd gezegd')).getByRole('button', { name: '+1 (0)' }).click();
  await ana.context.setOffline(false);

  await ana.page.getByText(NOT_SAVED).waitFor({ timeout: 40_000 });
  await ana.page.reload();
  await ana.page.getByText(NOT_SAVED).waitFor({ timeout: 40_000 });

  await organiser.page.getByRole('button', { name: /^Heropenen: / }).first().click();
  await ana.page.getByText(ROOM_CLOSED).waitFor({ state: 'detached', timeout: 20_000 });
  await (await noteCard(ben.page, 'Op tijd gezegd')).getByRole('button', { name: '+1 (1)' }).waitFor({ timeout: 20_000 });
  await ana.page.getByText(NOT_SAVED).waitFor({ state: 'detached', timeout: 20_000 });
  for (const c of [ana.context, ben.context, organiser.context]) await c.close();
});
