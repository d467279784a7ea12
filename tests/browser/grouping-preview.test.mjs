// Grouping before a round, as the organiser does it in the console: make a
// proposal, see every person's proposed room in their dropdown, change one
// by hand, save, appoint a discussion leader, and start: the round runs
// with exactly that grouping, and the leader's device knows it leads.
// (The preview once said "Voorstel gemaakt" while every dropdown stayed
// "nog niet ingedeeld": the browser read a field the server never sent.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './server.mjs';
import { organiserCreates, participantJoins, roomTitle, WAIT, startRound } from './helpers.mjs';

const live = serverAndBrowser();

const joinByApi = async (base, code, name, role) => {
  const res = await fetch(`${base}/api/join`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, name, role }) });
  assert.equal(res.status, 201, `${name} joins`);
  return res.json();
};

test('a grouping preview fills every dropdown, is saved as shown, and the round starts with it', async () => {
  const base = live.server.url;
  const organiser = await organiserCreates(live.browser, base);
  const view = async () =>
    (await fetch(`${base}/api/sessions/${organiser.sessionId}`, { headers: { Authorization: `Bearer ${organiser.secret}` } })).json();
  const people = [
    ['Bea Bestuur', 'board-member'],
    ['Sanne School', 'school-leader'],
    ['Henk HR', 'hr-officer'],
    ['Olga Opleider', 'school-based-teacher-educator'],
    ['Otto Opleider', 'school-based-teacher-educator'],
    ['Ivo Instituut', 'institute-based-teacher-educator'],
  ];
  for (const [name, role] of people) await joinByApi(base, organiser.code, name, role);
  const mentor = await participantJoins(live.browser, base, organiser.code, 'Mia Mentor', 'Schoolopleider');
  const all = [...people.map(([name]) => name), 'Mia Mentor'];

  // The console hears the joins live (no reload).
  const page = organiser.page;
  await page.getByRole('heading', { name: `Deelnemers (${all.length})` }).waitFor({ timeout: WAIT });
  for (const name of all) assert.equal(await page.getByLabel(`Groep van ${name}`).inputValue(), '', `${name} starts unplaced`);

  await page.getByRole('button', { name: 'Voorstel maken' }).click();
  await page.getByText('Voorstel gemaakt').waitFor({ timeout: WAIT });
  const proposed = {};
  for (const name of all) {
    proposed[name] = await page.getByLabel(`Groep van ${name}`).inputValue();
    assert.notEqual(proposed[name], '', `${name}'s dropdown shows the proposed room`);
  }
  const plan = await view();
  const round1 = plan.rounds[0];
  const groupOf = (id) => round1.groups.find((g) => g.id === id);
  assert.match(groupOf(proposed['Bea Bestuur']).label, /bestuurders/i, 'homogeneous: Bea goes to a board members group');

  // Seven people over the plan's groups: some would sit alone, and the
  // organiser is told how many groups, in words.
  const aloneWarning = (n) => (n === 1 ? 'In één groep zit maar één persoon' : `In ${n} groepen zit maar één persoon`);
  const groupsOfOne = (placed) => {
    const sizes = {};
    for (const room of Object.values(placed)) sizes[room] = (sizes[room] ?? 0) + 1;
    return Object.values(sizes).filter((size) => size === 1).length;
  };
  const alone = groupsOfOne(proposed);
  assert.ok(alone > 0, 'the day plan has more groups than seven people fill');
  const warnings = page.locator('ul.warnings');
  await warnings.getByText(aloneWarning(alone)).waitFor({ timeout: WAIT });

  // One change by hand: Otto joins Olga's room.
  const olgaRoom = proposed['Olga Opleider'];
  await page.getByLabel('Groep van Otto Opleider').selectOption(olgaRoom);
  proposed['Otto Opleider'] = olgaRoom;
  // The proposal's warning no longer describes the draft...
  assert.equal(await warnings.getByText('maar één persoon').count(), 0, 'no stale warning after a hand change');
  await page.getByRole('button', { name: 'Indeling opslaan' }).click();
  await page.getByText('Indeling opgeslagen.').waitFor({ timeout: WAIT });
  // ...and saving shows what holds for the grouping as saved.
  const aloneSaved = groupsOfOne(proposed);
  if (aloneSaved > 0) await warnings.getByText(aloneWarning(aloneSaved)).waitFor({ timeout: WAIT });
  else assert.equal(await warnings.getByText('maar één persoon').count(), 0);

  // Mia leads her room.
  const miaRoom = proposed['Mia Mentor'];
  await page.getByRole('button', { name: `Mia Mentor gespreksleider maken van ${groupOf(miaRoom).name}` }).click();
  await page.getByText(`Mia Mentor is gespreksleider van ${groupOf(miaRoom).name}.`).waitFor({ timeout: WAIT });

  const saved = await view();
  const ids = Object.fromEntries(saved.participants.map((p) => [p.name, p.id]));
  for (const name of all) {
    const group = saved.rounds[0].groups.find((g) => g.members.includes(ids[name]));
    assert.equal(group?.id, proposed[name], `${name} is stored where the dropdown showed`);
  }
  assert.equal(saved.rounds[0].groups.find((g) => g.id === miaRoom).leader, ids['Mia Mentor']);

  await startRound(page, round1.name);
  const title = await roomTitle(mentor.page);
  assert.equal(title, groupOf(miaRoom).name, 'Mia is in the room she was placed in');
  const running = await view();
  for (const name of all) {
    const group = running.rounds[0].groups.find((g) => g.members.includes(ids[name]));
    assert.equal(group?.id, proposed[name], `${name} starts in the saved room`);
  }
  const me = await (await fetch(`${base}/api/me`, { headers: { Authorization: `Bearer ${await mentor.page.evaluate(() => JSON.parse(Object.entries(localStorage).find(([k]) => k.startsWith('samenbord.identity.'))[1]).token)}` } })).json();
  assert.equal(me.room.leader, true, 'Mia’s device knows she leads the room');
  await mentor.context.close();
  await organiser.context.close();
});
