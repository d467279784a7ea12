// Starting a round nobody grouped by hand: the console shows what the
// grouping the server would make is worth knowing (groups that stay
// empty, people alone) and asks before starting. Cancelling changes
// nothing; starting anyway starts the round with that grouping.
// (Before, the start button started at once and the organiser learnt of
// empty groups only from the people in them.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './server.mjs';
import { organiserCreates, WAIT } from './helpers.mjs';

const live = serverAndBrowser();

/** School-based educators join by the API (they only wait). */
async function educatorsJoin(base, code, names) {
  for (const name of names) {
    const res = await fetch(`${base}/api/join`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code, name, role: 'school-based-teacher-educator' }),
    });
    assert.equal(res.status, 201, `${name} joins`);
  }
}

test('the console shows the grouping warnings before a round starts, and cancelling changes nothing', async () => {
  const base = live.server.url;
  const organiser = await organiserCreates(live.browser, base);
  const page = organiser.page;
  const view = async () =>
    (await fetch(`${base}/api/sessions/${organiser.sessionId}`, { headers: { Authorization: `Bearer ${organiser.secret}` } })).json();
  await educatorsJoin(base, organiser.code, ['Olga', 'Otto', 'Oscar']);
  await page.getByRole('heading', { name: 'Deelnemers (3)' }).waitFor({ timeout: WAIT });
  const round = (await view()).rounds[0];
  const boardGroup = round.groups.find((g) => /bestuurders/i.test(g.label));

  await page.getByRole('button', { name: `Start ${round.name}` }).click();
  const held = page.getByRole('group', { name: `Zo start ${round.name} met deze indeling:` });
  await held.waitFor({ timeout: WAIT });
  await held.getByText(`Niemand heeft zich aangemeld met een rol voor ‘${boardGroup.label}’`, { exact: false }).waitFor({ timeout: WAIT });
  // Three school-based educators over their pool's planned groups: they
  // meet together in one group, and the question says so, naming the
  // groups that stay empty. (Before, each sat alone in a group.)
  const pool = round.groups.filter((g) => g.pool === round.groups.find((x) => /schoolopleiders/i.test(x.label))?.pool);
  assert.ok(pool.length > 1, 'the pool plans several groups');
  await held.getByText(/^Te weinig mensen in ‘.*’ voor alle geplande groepen: met 3 mensen blijven/).waitFor({ timeout: WAIT });
  const sizes = await held.locator('.group-sizes li').allTextContents();
  assert.equal(sizes.length, 1, `one group in use: ${sizes}`);
  assert.match(sizes[0], /: 3 personen$/);
  assert.equal((await view()).rounds[0].status, 'planned', 'nothing starts before the organiser says so');

  await held.getByRole('button', { name: 'Annuleren' }).click();
  assert.equal(await held.count(), 0, 'the question is gone');
  assert.equal((await view()).rounds[0].status, 'planned', 'cancelling starts nothing');

  await page.getByRole('button', { name: `Start ${round.name}` }).click();
  await held.getByRole('button', { name: 'Toch starten' }).click();
  await page.getByText(`${round.name} is gestart.`).waitFor({ timeout: WAIT });
  const running = (await view()).rounds[0];
  assert.equal(running.status, 'running');
  const placed = running.groups.reduce((n, g) => n + g.members.length, 0);
  assert.equal(placed, 3, 'everyone has a room');
  assert.equal(running.groups.filter((g) => g.members.length > 0).length, 1, 'the three meet together');
  await organiser.context.close();
});

// Found in a user test: "Voorstel maken" put four people in one room, the
// organiser pressed Start without saving, and the round started with
// another draw. The start question now offers to save the proposal on
// screen (hand changes included) and start with it.
test('starting with an unsaved proposal on screen can save it and start with it', async () => {
  const base = live.server.url;
  const organiser = await organiserCreates(live.browser, base);
  const page = organiser.page;
  const names = ['Olga', 'Otto', 'Oscar', 'Olaf', 'Omar', 'Oona'];
  await educatorsJoin(base, organiser.code, names);
  await page.getByRole('heading', { name: `Deelnemers (${names.length})` }).waitFor({ timeout: WAIT });
  await page.getByRole('button', { name: 'Voorstel maken' }).click();
  await page.getByText('Voorstel gemaakt').waitFor({ timeout: WAIT });
  // A hand change on top of the proposal: Olga joins Otto's group.
  const groupOf = (name) => page.getByRole('combobox', { name: `Groep van ${name}` });
  const ottos = await groupOf('Otto').inputValue();
  await groupOf('Olga').selectOption(ottos);
  const onScreen = {};
  for (const name of names) onScreen[name] = await groupOf(name).inputValue();

  const roundName = (await page.getByRole('button', { name: /^Start / }).first().textContent()).replace(/^Start /, '').trim();
  await page.getByRole('button', { name: `Start ${roundName}` }).click();
  const held = page.getByRole('group', { name: `Zo start ${roundName} met deze indeling:` });
  await held.getByText('Je voorstel bij ‘Deelnemers’ is nog niet opgeslagen').waitFor({ timeout: WAIT });
  await held.getByRole('button', { name: 'Voorstel opslaan en daarmee starten' }).click();
  await page.getByText(`${roundName} is gestart.`).waitFor({ timeout: WAIT });

  const res = await fetch(`${base}/api/sessions/${organiser.sessionId}`, { headers: { Authorization: `Bearer ${organiser.secret}` } });
  const view = await res.json();
  const running = view.rounds[0];
  assert.equal(running.status, 'running');
  const nameOf = (id) => view.participants.find((p) => p.id === id).name;
  const started = {};
  for (const g of running.groups) for (const m of g.members) started[nameOf(m)] = g.id;
  assert.deepEqual(started, onScreen, 'the round started with the grouping on screen');
  assert.equal(await page.getByText('Je voorstel bij ‘Deelnemers’ is nog niet opgeslagen').count(), 0);
  await organiser.context.close();
});
