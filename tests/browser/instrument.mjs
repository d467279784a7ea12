// Set-up shared by the instrument stories: an organiser starts a session on
// one card, three people join (Cas on a 375 px phone), the round starts
// with the three in one room, and the organiser appoints Ana as the room's
// discussion leader, as a group would sit down with a paper card.
import assert from 'node:assert/strict';
import { organiserCreates, participantJoins, roomTitle, WAIT, startRound } from './helpers.mjs';

export const PHONE = { width: 375, height: 812 };

/** Everything a story needs: the organiser and Ana (leader), Ben, Cas (phone). */
export async function groupAtCard(browser, base, cardTitle) {
  const organiser = await organiserCreates(browser, base, cardTitle);
  const ana = await participantJoins(browser, base, organiser.code, 'Ana', 'Schoolleider');
  const ben = await participantJoins(browser, base, organiser.code, 'Ben', 'HR-adviseur');
  const cas = await participantJoins(browser, base, organiser.code, 'Cas', 'Schoolopleider', PHONE, { isMobile: true, hasTouch: true });
  const view = async () => (await fetch(`${base}/api/sessions/${organiser.sessionId}`, { headers: { Authorization: `Bearer ${organiser.secret}` } })).json();
  const before = await view();
  const round = before.rounds[0];
  await startRound(organiser.page, round.name);
  const titles = [await roomTitle(ana.page), await roomTitle(ben.page), await roomTitle(cas.page)];
  assert.equal(new Set(titles).size, 1, `the three share one room: ${titles}`);
  const running = await view();
  const ids = Object.fromEntries(running.participants.map((p) => [p.name, p.id]));
  const group = running.rounds[0].groups.find((g) => g.members.includes(ids.Ana));
  const res = await fetch(`${base}/api/sessions/${organiser.sessionId}/participants/${ids.Ana}/lead`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${organiser.secret}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ round_id: running.rounds[0].id, group_id: group.id }),
  });
  assert.equal(res.status, 204, 'the organiser appoints Ana');
  await ana.page.locator('.leader-tools').waitFor({ timeout: WAIT });
  return { organiser, ana, ben, cas, people: [ana, ben, cas], view, ids };
}

/** Waits until `fn(page)` holds on every page. */
export async function onEvery(pages, fn) {
  await Promise.all(pages.map((p) => fn(p.page ?? p)));
}
