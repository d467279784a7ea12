// The partnership day as a story, on phones (375 px) and on laptops
// (1280 px): the organiser creates the session from the programme and puts
// the join code on the hall's screen, six people of different roles join by
// the link, the organiser makes and saves a grouping and appoints a
// discussion leader, round 1 puts each in their homogeneous group's room,
// two of them see each other's notes live, one phone drops off the Wi-Fi
// and types on (the notes arrive when it is back), a note written offline
// just before the end arrives late and is kept, the hall's screen shows the
// round and what the rooms say, ending the round closes the rooms, round 2
// mixes everyone. Ivo takes part from home: he finds his group's video
// call from the pattern the organiser gave the round.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './server.mjs';
import { addNote, companions, organiserCreates, participantJoins, roomTitle, seesNote, WAIT, startRound } from './helpers.mjs';

const live = serverAndBrowser();

const people = [
  { name: 'Bea Bestuur', role: 'Bestuurder', round1: /^Bestuurders & teamleiders/ },
  { name: 'Tom Team', role: 'Teamleider', round1: /^Bestuurders & teamleiders/ },
  { name: 'Sanne School', role: 'Schoolleider', round1: /^Schoolleiders & HR/ },
  { name: 'Henk HR', role: 'HR-adviseur', round1: /^Schoolleiders & HR/ },
  { name: 'Olga Opleider', role: 'Schoolopleider', round1: /^Schoolopleiders/ },
  { name: 'Ivo Instituut', role: 'Instituutsopleider', round1: /^Instituutsopleiders/ },
];

for (const width of [375, 1280]) {
  test(`a partnership day at ${width} px: join, grouping, leader, live notes, dropped phone, late note, projector, heterogeneous round`, () => partnershipDay(width));
}

async function partnershipDay(width) {
  const base = live.server.url;
  const viewport = { width, height: width < 600 ? 740 : 800 };
  const device = width < 600 ? { isMobile: true, hasTouch: true } : {};
  const organiser = await organiserCreates(live.browser, base);
  // The hall's screen: a second window of the organiser's browser.
  const hall = await organiser.context.newPage();
  await hall.goto(organiser.page.url());
  await hall.getByRole('button', { name: 'Projectorweergave' }).click();
  const screen = hall.getByRole('dialog', { name: 'Projectorweergave' });
  await screen.locator('.projector-code', { hasText: organiser.code }).waitFor({ timeout: WAIT });
  // The plan as the organiser's view (OrganiserView) shows it.
  const day = await (await fetch(`${base}/api/sessions/${organiser.sessionId}`, { headers: { Authorization: `Bearer ${organiser.secret}` } })).json();
  assert.equal(day.rounds.length, 2, 'the partnership day has two rounds');
  // A room shows its group's name (or label): accept either.
  const labelsOf = (round) => round.groups.flatMap((g) => [g.name, g.label].filter(Boolean));
  const round1Labels = labelsOf(day.rounds[0]);
  const round2Labels = labelsOf(day.rounds[1]);

  const joined = [];
  for (const p of people) joined.push({ ...p, ...(await participantJoins(live.browser, base, organiser.code, p.name, p.role, viewport, device)) });

  // Every device waits in the lobby.
  for (const p of joined) await p.page.getByText('zodra de ronde begint').waitFor({ timeout: WAIT });
  // Others who only listen: three or more of each target group, so each
  // pool gets a room of its own.
  await companions(base, organiser.code, ['Bestuurder', 'Schoolleider'], 1);
  await companions(base, organiser.code, ['Schoolopleider', 'Instituutsopleider'], 2);

  // Grouping before the round: a proposal, saved, and Bea appointed to lead her room.
  const console = organiser.page;
  await console.getByRole('heading', { name: `Deelnemers (${people.length + 6})` }).waitFor({ timeout: WAIT });
  await console.getByRole('button', { name: 'Voorstel maken' }).click();
  await console.getByText('Voorstel gemaakt').waitFor({ timeout: WAIT });
  const beaRoom = await console.getByLabel('Groep van Bea Bestuur').inputValue();
  const beaGroup = day.rounds[0].groups.find((g) => g.id === beaRoom);
  await console.getByRole('button', { name: 'Indeling opslaan' }).click();
  await console.getByText('Indeling opgeslagen.').waitFor({ timeout: WAIT });
  await console.getByRole('button', { name: `Bea Bestuur gespreksleider maken van ${beaGroup.name}` }).click();
  await console.getByText(`Bea Bestuur is gespreksleider van ${beaGroup.name}.`).waitFor({ timeout: WAIT });

  // Ivo joins from home; the organiser gives every room of round 1 a call.
  const ivo = joined.find((p) => p.name === 'Ivo Instituut');
  await ivo.page.getByLabel('Ik doe op afstand mee').check();
  await console.getByLabel('Patroon voor alle groepen').fill('https://meet.example.org/partnerdag-{room}');
  await console.getByRole('button', { name: 'Patroon opslaan' }).click();
  await console.getByText('Elke groep heeft nu een eigen link.').waitFor({ timeout: WAIT });

  await startRound(organiser.page, day.rounds[0].name);
  await screen.getByRole('heading', { name: day.rounds[0].name }).waitFor({ timeout: WAIT });

  // Each device lands in its own group's room by itself.
  for (const p of joined) {
    const title = await roomTitle(p.page);
    assert.match(title, p.round1, `${p.name} (${p.role}) is in a fitting room, got "${title}"`);
    assert.ok(round1Labels.includes(title), `"${title}" is a round-1 group`);
  }

  const ivoCall = ivo.page.getByRole('link', { name: 'Doe mee via de videoverbinding' });
  await ivoCall.waitFor({ timeout: WAIT });
  assert.equal(await ivoCall.getAttribute('href'), 'https://meet.example.org/partnerdag-instituutsopleiders');

  // Bea and Tom share a room: each sees the other's note within moments.
  const [bea, tom] = joined;
  await addNote(bea.page, 'Opbrengsten', 'Meer samenhang tussen scholen');
  await seesNote(tom.page, 'Meer samenhang tussen scholen', 3000);
  await addNote(tom.page, 'Kansen', 'Gezamenlijke scholing van mentoren');
  await seesNote(bea.page, 'Gezamenlijke scholing van mentoren', 3000);
  // Author and role are shown on the note.
  await bea.page.locator('.note-author', { hasText: 'Tom Team · Teamleider' }).first().waitFor({ timeout: WAIT });
  // Everyone in the room sees who leads; only Bea has the leader's tools.
  // The header and the card's roles name the same one leader.
  await tom.page.locator('.room-leader', { hasText: 'Gespreksleider: Bea Bestuur' }).waitFor({ timeout: WAIT });
  await tom.page.locator('[data-role="gespreksleider"] .role-holder', { hasText: 'Bea Bestuur' }).waitFor({ timeout: WAIT });
  await bea.page.getByRole('heading', { name: 'Gespreksleider' }).waitFor({ timeout: WAIT });
  assert.equal(await tom.page.getByRole('heading', { name: 'Gespreksleider' }).count(), 0, 'Tom has no leader tools');

  // Tom loses the connection, sees that he is offline, and keeps typing.
  await tom.context.setOffline(true);
  await tom.page.getByText(/^Offline/).first().waitFor({ timeout: WAIT });
  await addNote(tom.page, 'Uitdagingen', 'Offline: roosters sluiten niet aan');
  await addNote(tom.page, 'Succesfactoren', 'Offline: korte lijnen');
  await seesNote(tom.page, 'Offline: korte lijnen', 2000);
  await tom.context.setOffline(false);
  await seesNote(bea.page, 'Offline: roosters sluiten niet aan', 20_000);
  await seesNote(bea.page, 'Offline: korte lijnen', 20_000);
  await tom.page.getByText('Verbonden').first().waitFor({ timeout: 20_000 });

  // The hall's screen shows what the rooms are saying.
  await screen.getByText('Meer samenhang tussen scholen').waitFor({ timeout: 20_000 });

  // Tom's phone drops again just before the end; what he types then
  // arrives after the round ended, and is kept as a late note.
  await tom.context.setOffline(true);
  await addNote(tom.page, 'Kansen', 'Laat: samen roosteren');
  // Ending round 1 closes the rooms: read-only, with a notice.
  await organiser.page.getByRole('button', { name: `Beëindig ${day.rounds[0].name}` }).click();
  await organiser.page.getByRole('button', { name: `Ja, beëindig ${day.rounds[0].name}` }).click();
  await bea.page.getByText('Deze ronde is afgesloten').waitFor({ timeout: WAIT });
  await tom.context.setOffline(false);
  await tom.page.getByText(/pas na het einde van de ronde binnenkwamen \(1\) zijn bewaard/).waitFor({ timeout: 20_000 });
  await seesNote(bea.page, 'Laat: samen roosteren', 20_000);
  for (const p of [bea, tom]) {
    await p.page.getByText('Deze ronde is afgesloten').waitFor({ timeout: WAIT });
    assert.equal(await p.page.getByRole('textbox', { name: /^Nieuwe notitie bij/ }).count(), 0, 'no note can be added');
    assert.equal(await p.page.locator('[data-testid="note-text"]').first().getAttribute('readonly'), '', 'notes are read-only');
  }
  // The notes are kept as they were.
  await seesNote(bea.page, 'Offline: korte lijnen');

  // Round 2: everyone moves to a heterogeneous room.
  await startRound(organiser.page, day.rounds[1].name);
  const rooms = new Map();
  for (const p of joined) {
    await p.page.waitForFunction((labels) => labels.includes(document.querySelector('.room-header h1')?.textContent?.trim()), round2Labels, { timeout: WAIT });
    const title = await roomTitle(p.page);
    rooms.set(title, [...(rooms.get(title) ?? []), p.role]);
    assert.equal(await p.page.getByText('Deze ronde is afgesloten').count(), 0, `${p.name}'s new room is open`);
  }
  // Roles are spread: no round-2 room holds both people of one round-1 pool pair.
  for (const [room, roles] of rooms) {
    assert.ok(!(roles.includes('Bestuurder') && roles.includes('Teamleider')), `${room} mixes roles: ${roles}`);
  }

  for (const p of joined) await p.context.close();
  await organiser.context.close();
}
