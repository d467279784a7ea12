// Someone at home says so when joining: the join form offers "Ik doe op
// afstand mee" (it used to be only in the lobby, after joining), the
// server keeps the choice, the lobby shows it, and the organiser counts
// them as remote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './server.mjs';
import { organiserCreates, WAIT } from './helpers.mjs';

const live = serverAndBrowser();

test('the join form takes "op afstand", and the choice is kept', async () => {
  const organiser = await organiserCreates(live.browser, live.server.url);
  const context = await live.browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(`${live.server.url}/j/${organiser.code}`);
  await page.getByLabel('Je naam').fill('Thuis Werker');
  await page.getByRole('radio', { name: 'Schoolleider', exact: true }).check();
  // The whole line is the target on a phone, not only the small box.
  const choice = page.locator('label.switch', { hasText: 'Ik doe op afstand mee' });
  const box = await choice.boundingBox();
  assert.ok(box && box.height >= 44, `the choice is a thumb-sized target (${box?.height}px)`);
  await choice.click();
  await page.getByRole('button', { name: 'Meedoen' }).click();
  await page.getByText('Welkom, Thuis Werker').waitFor({ timeout: WAIT });
  await page.waitForFunction(() => document.querySelector('label.switch input')?.checked === true, null, { timeout: WAIT });

  const view = await (await fetch(`${live.server.url}/api/sessions/${organiser.sessionId}`, { headers: { Authorization: `Bearer ${organiser.secret}` } })).json();
  assert.equal(view.participants.find((p) => p.name === 'Thuis Werker').attendance, 'remote');
  await context.close();
  await organiser.context.close();
});

test('a server error the person cannot act on is said in Dutch, with what to do', async () => {
  const organiser = await organiserCreates(live.browser, live.server.url);
  const context = await live.browser.newContext({ viewport: { width: 375, height: 740 } });
  const page = await context.newPage();
  // What an old cached page met after an upgrade: the server's own words.
  await page.route('**/api/join', (route) =>
    route.fulfill({
      status: 400,
      contentType: 'application/json',
      body: JSON.stringify({ code: 'bad-request', message: 'Failed to deserialize the JSON body into the target type' }),
    }),
  );
  await page.goto(`${live.server.url}/j/${organiser.code}`);
  await page.getByLabel('Je naam').fill('Ana');
  await page.getByRole('radio', { name: 'Schoolleider', exact: true }).check();
  await page.getByRole('button', { name: 'Meedoen' }).click();
  await page.getByRole('alert').getByText('Meedoen lukte niet. Vernieuw de pagina').waitFor({ timeout: WAIT });
  assert.equal(await page.getByText('Failed to deserialize').count(), 0, 'no English server text');
  await context.close();
  await organiser.context.close();
});
