// The organiser closes joining once everyone is there — a latecomer's join
// page says so in Dutch before they type anything — and reopens it; and
// removes a participant from the People panel, whose open device then
// says it was removed. The latecomer's page notices the reopening by
// itself. A mistyped code is said at once too, with the code in a field
// to correct.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './server.mjs';
import { organiserCreates, participantJoins, WAIT } from './helpers.mjs';

const live = serverAndBrowser();

test('closing joining turns a latecomer away; removing someone locks their device out', async () => {
  const base = live.server.url;
  const organiser = await organiserCreates(live.browser, base);
  const ana = await participantJoins(live.browser, base, organiser.code, 'Ana', 'Schoolleider');
  const console_ = organiser.page;

  // Cas has the form filled in when joining closes.
  const casContext = await live.browser.newContext();
  const cas = await casContext.newPage();
  await cas.goto(`${base}/j/${organiser.code}`);
  await cas.getByLabel('Je naam').fill('Cas');
  await cas.getByRole('radio', { name: 'Schoolopleider', exact: true }).check();

  await console_.getByRole('button', { name: 'Aanmelden sluiten' }).click();
  await console_.getByText('Aanmelden is gesloten').waitFor({ timeout: WAIT });
  await cas.getByRole('button', { name: 'Meedoen' }).click();
  await cas.getByRole('alert').filter({ hasText: 'deze pagina kijkt zelf elke tien seconden opnieuw' }).waitFor({ timeout: WAIT });

  const lateContext = await live.browser.newContext();
  const late = await lateContext.newPage();
  await late.goto(`${base}/j/${organiser.code}`);
  await late.getByRole('alert').filter({ hasText: 'Aanmelden voor deze sessie is gesloten' }).waitFor({ timeout: WAIT });
  assert.equal(await late.getByLabel('Je naam').count(), 0, 'no form to fill in for nothing');

  await console_.getByRole('button', { name: 'Aanmelden weer openen' }).click();
  await console_.getByText('Nieuwe deelnemers kunnen meedoen').waitFor({ timeout: WAIT });
  // Nobody touches the latecomer's page: it checks again on its own
  // (every ten seconds, it says).
  const { title } = await (
    await fetch(`${base}/api/sessions/${organiser.sessionId}`, { headers: { Authorization: `Bearer ${organiser.secret}` } })
  ).json();
  await late.getByText(`‘${title}’`, { exact: false }).waitFor({ timeout: 15_000 });
  await late.getByLabel('Je naam').fill('Bo');
  await late.getByRole('radio', { name: 'Schoolopleider', exact: true }).check();
  await late.getByRole('button', { name: 'Meedoen' }).click();
  await late.getByText('Welkom, Bo').waitFor({ timeout: WAIT });
  // Cas's page came back to the form by itself, with what she typed
  // (before, the red "gesloten" text stayed until she tried again).
  await cas.getByLabel('Je naam').waitFor({ timeout: 15_000 });
  assert.equal(await cas.getByLabel('Je naam').inputValue(), 'Cas');
  assert.equal(await cas.getByRole('alert').count(), 0, 'no stale refusal');
  await cas.getByRole('button', { name: 'Meedoen' }).click();
  await cas.getByText('Welkom, Cas').waitFor({ timeout: WAIT });
  await casContext.close();

  // The organiser is told plainly the code still works on another
  // device, and offered to close joining too (declined here).
  const asked = [];
  const answer = (dialog) => {
    asked.push(dialog.message());
    if (asked.length === 1) dialog.accept();
    else dialog.dismiss();
    if (asked.length < 2) console_.once('dialog', answer);
  };
  console_.once('dialog', answer);
  await console_.getByRole('button', { name: 'Ana uit de sessie verwijderen' }).click();
  await console_.getByText('Ana is uit de sessie verwijderd.').waitFor({ timeout: WAIT });
  assert.match(asked[0], /met de code op een ander apparaat wel opnieuw meedoen/);
  assert.match(asked[1], /Aanmelden ook meteen sluiten/);
  await console_.getByText('Nieuwe deelnemers kunnen meedoen').waitFor({ timeout: WAIT });
  await ana.page.getByRole('heading', { name: 'Je bent uit de sessie verwijderd' }).waitFor({ timeout: 3 * WAIT });

  // Her device tries to join again with the code: refused, and told why,
  // before she types anything.
  await ana.page.getByRole('button', { name: 'Opnieuw meedoen' }).click();
  await ana.page
    .getByRole('alert')
    .filter({ hasText: 'Je bent uit deze sessie verwijderd door de organisator' })
    .waitFor({ timeout: WAIT });

  await lateContext.close();
  await ana.context.close();
  await organiser.context.close();
});

test('a mistyped code is said before anyone types, and corrected in place', async () => {
  const base = live.server.url;
  const organiser = await organiserCreates(live.browser, base);
  const context = await live.browser.newContext();
  const page = await context.newPage();
  // One letter off: the last one of the real code, changed.
  const typo = organiser.code.slice(0, -1) + (organiser.code.endsWith('Z') ? 'Y' : 'Z');
  await page.goto(`${base}/j/${typo}`);
  await page.getByRole('alert').filter({ hasText: 'Deze sessiecode kennen we niet' }).waitFor({ timeout: WAIT });
  assert.equal(await page.getByLabel('Je naam').count(), 0, 'no form for a code that opens nothing');
  const field = page.getByLabel('Sessiecode');
  assert.equal(await field.inputValue(), typo, 'the code they used is there to correct');
  // Typed as read off a slide: lower case, with spaces.
  const spoken = ` ${organiser.code.slice(0, 3)} ${organiser.code.slice(3)} `.toLowerCase();
  await field.fill(spoken);
  await page.getByRole('button', { name: 'Meedoen' }).click();
  await page.getByLabel('Je naam').waitFor({ timeout: WAIT });
  assert.equal(new URL(page.url()).pathname, `/j/${organiser.code}`);
  assert.equal(await page.getByRole('alert').count(), 0, 'the refusal is gone');
  await context.close();
  await organiser.context.close();
});
