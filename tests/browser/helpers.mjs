// Story helpers for the browser tests: the organiser creates a session, a
// participant joins through the join link, and assertions on what the user
// sees (with Playwright's auto-waiting, never sleeps).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

export const WAIT = 10_000;

/** Role keys by their Dutch label, as the join form shows them. */
const ROLE_KEYS = Object.fromEntries(
  Object.entries(JSON.parse(readFileSync(new URL('../../web/src/locales/nl.json', import.meta.url), 'utf8')))
    .filter(([key]) => /^role\.[a-z-]+$/.test(key))
    .map(([key, label]) => [label, key.slice('role.'.length)]),
);

/**
 * Beside each person who writes, `each` more with the same role join
 * (by the API; they only listen): grouping opens a group only for three
 * or more, so a test that wants its writers in separate rooms of their
 * target group brings them company. `roles` are Dutch labels.
 */
export async function companions(base, code, roles, each = 2) {
  let n = 0;
  for (const label of roles) {
    const role = ROLE_KEYS[label];
    assert.ok(role, `a role labelled ${label}`);
    for (let i = 0; i < each; i++) {
      n += 1;
      const res = await fetch(`${base}/api/join`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ code, name: `Toehoorder ${n}`, role }),
      });
      assert.equal(res.status, 201, `companion ${n} joins`);
    }
  }
}

/** Creates a session through the start page and returns {console page, joinPath, code}.
 * `anonymous`: tick "Anoniem" (notes show the role, no name). */
export async function organiserCreates(browser, base, programmeTitleMatch = /Partnerschapsdag/i, { anonymous = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await page.goto(base + '/');
  const source = page.getByLabel('Programma of kaart');
  await source.locator('option', { hasText: programmeTitleMatch }).first().waitFor({ state: 'attached', timeout: WAIT });
  const value = await source.locator('option', { hasText: programmeTitleMatch }).first().getAttribute('value');
  await source.selectOption(value);
  if (anonymous) await page.getByLabel(/^Anoniem/).check();
  await page.getByRole('button', { name: 'Sessie maken' }).click();
  await page.waitForURL(/\/o\/[^/]+#secret=/, { timeout: WAIT });
  const code = (await page.locator('.join-code strong').textContent({ timeout: WAIT })).trim();
  assert.ok(code.length > 0, 'the console shows a join code');
  const [, sessionId, secret] = page.url().match(/\/o\/([^/#]+)#secret=([^&]+)/);
  return { context, page, code, sessionId, secret: decodeURIComponent(secret) };
}

/** A participant in their own browser context joins with name and role.
 * `device`: more context options, e.g. { hasTouch: true, isMobile: true } for a phone. */
export async function participantJoins(browser, base, code, name, roleLabel, viewport = { width: 1280, height: 800 }, device = {}) {
  const context = await browser.newContext({ viewport, ...device });
  const page = await context.newPage();
  await page.goto(`${base}/j/${code}`);
  await page.getByLabel('Je naam').fill(name);
  await page.getByRole('radio', { name: roleLabel, exact: true }).check();
  await page.getByRole('button', { name: 'Meedoen' }).click();
  await page.getByText(`Welkom, ${name}`).waitFor({ timeout: WAIT });
  return { context, page, name };
}

/** The pair most tests seat at a table: Ana on a 375 px phone (through
 * `anaBase`, by default `base`) and Ben, a Teamleider, on a laptop. */
export async function anaOnPhoneAndBen(browser, base, code, anaBase = base) {
  const phone = { isMobile: true, hasTouch: true };
  const ana = await participantJoins(browser, anaBase, code, 'Ana', 'Bestuurder', { width: 375, height: 740 }, phone);
  const ben = await participantJoins(browser, base, code, 'Ben', 'Teamleider');
  return { ana, ben };
}

/** The room header's group label (h1 in the room). */
/**
 * Starts `roundName` (the first round that can start, if not given) from
 * the organiser's console. Without a saved
 * grouping the console first shows the grouping's warnings (with few
 * people some groups stay empty) and asks before starting: start anyway.
 */
export async function startRound(page, roundName) {
  if (roundName === undefined) {
    // The first round that can start.
    const first = page.getByRole('button', { name: /^Start / }).first();
    roundName = (await first.textContent({ timeout: WAIT })).replace(/^Start /, '').trim();
  }
  await page.getByRole('button', { name: `Start ${roundName}` }).click();
  const anyway = page.getByRole('button', { name: 'Toch starten' });
  const started = page.getByText(`${roundName} is gestart.`);
  await anyway.or(started).first().waitFor({ timeout: WAIT });
  if (await anyway.isVisible()) await anyway.click();
  await started.waitFor({ timeout: WAIT });
}

export async function roomTitle(page) {
  const h = page.locator('.room-header h1');
  await h.waitFor({ timeout: WAIT });
  return (await h.textContent()).trim();
}

/** Adds a note to the section with the given title. */
export async function addNote(page, sectionTitle, text) {
  const field = page.getByRole('textbox', { name: `Nieuwe notitie bij ${sectionTitle}`, exact: true });
  await field.fill(text);
  await field.press('Enter');
}

/** Waits until some note on the page shows `text`. */
export async function seesNote(page, text, timeout = WAIT) {
  await page.waitForFunction(
    (t) => [...document.querySelectorAll('[data-testid="note-text"]')].some((el) => el.value.includes(t)),
    text,
    { timeout },
  );
}

export async function noteTexts(page) {
  return page.$$eval('[data-testid="note-text"]', (els) => els.map((e) => e.value));
}

/** The note card (article) whose text is `text`, found by its note id. */
export async function noteCard(page, text, timeout = WAIT) {
  await seesNote(page, text, timeout);
  const id = await page.$$eval(
    '[data-testid="note-text"]',
    (els, t) => els.find((e) => e.value.includes(t))?.getAttribute('data-note-id'),
    text,
  );
  return page.locator(`article[data-note="${id}"]`);
}

/** Waits until no note on the page shows `text`. */
export async function seesNoNote(page, text, timeout = WAIT) {
  await page.waitForFunction(
    (t) => ![...document.querySelectorAll('[data-testid="note-text"]')].some((el) => el.value.includes(t)),
    text,
    { timeout },
  );
}

/** Opens a note's "more actions" menu and returns the card. */
export async function openMore(card) {
  const more = card.locator('details.note-more');
  if ((await more.getAttribute('open')) === null) await card.getByLabel('Meer acties voor deze notitie').click();
  return card;
}

/** The organiser deletes the session from the console (typed confirmation). */
export async function organiserDeletes(page, base) {
  await page.getByRole('button', { name: 'Sessie verwijderen…' }).click();
  await page.getByLabel('Typ “verwijderen” om te bevestigen').fill('verwijderen');
  await page.getByRole('button', { name: 'Definitief verwijderen' }).click();
  await page.waitForURL(`${base}/`, { timeout: WAIT });
}

let axeSource = null;

/** axe-core's serious and critical violations on the page as it is now,
 * as readable lines ("rule: target — summary"). */
export async function seriousViolations(page) {
  // Evaluated through the DevTools protocol: the app's CSP forbids inline scripts.
  axeSource ??= readFileSync(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(0, 2).join(' ')}`));
  });
  return violations;
}
