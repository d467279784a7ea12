// What the organiser's Start and End came to is said beside the round and
// stays in view: after scrolling down to "Toch starten" past the grouping
// warnings, the warnings folded away, rooms and people filled the console
// and the "is gestart." line ended up 1,100-1,600 px above the screen (a
// walk-through was not sure the hall had been sent to their rooms).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './server.mjs';
import { WAIT, organiserCreates, participantJoins } from './helpers.mjs';

const live = serverAndBrowser();

/** Whether `locator` lies wholly inside the page's viewport. */
async function inView(page, locator) {
  const box = await locator.boundingBox();
  const { height } = page.viewportSize();
  return Boolean(box) && box.y >= -1 && box.y + box.height <= height + 1;
}

test('the result of Start and End stays in view of the organiser', async () => {
  const organiser = await organiserCreates(live.browser, live.server.url);
  const page = organiser.page;
  const people = [];
  for (const [name, role] of [['Ana', 'Schoolleider'], ['Ben', 'HR-adviseur'], ['Cas', 'Schoolopleider']]) {
    people.push(await participantJoins(live.browser, live.server.url, organiser.code, name, role));
  }
  const start = page.getByRole('button', { name: /^Start / }).first();
  const round = (await start.textContent({ timeout: WAIT })).replace(/^Start /, '').trim();
  await start.click();
  // Three people in a programme made for a hall: the grouping has
  // warnings, and "Toch starten" sits below them.
  await page.getByRole('button', { name: 'Toch starten' }).click({ timeout: WAIT });
  const started = page.getByText(`${round} is gestart.`);
  await started.waitFor({ timeout: WAIT });
  assert.ok(await inView(page, started), `"${round} is gestart." is in view`);

  const end = page.getByRole('button', { name: `Beëindig ${round}` });
  await end.click();
  await page.getByRole('button', { name: `Ja, beëindig ${round}` }).click();
  const ended = page.getByText(`${round} is beëindigd`);
  await ended.waitFor({ timeout: WAIT });
  assert.ok(await inView(page, ended), `"${round} is beëindigd" is in view`);
  for (const c of [organiser.context, ...people.map((p) => p.context)]) await c.close();
});
