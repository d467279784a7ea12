// A participant who picked the wrong role corrects it in the lobby and goes
// to the room of the corrected role (the server refusing a change once the
// round that groups by role has started is tested in session_api.rs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './server.mjs';
import { organiserCreates, participantJoins, roomTitle, WAIT, startRound } from './helpers.mjs';

const live = serverAndBrowser();

test('a wrongly chosen role is corrected in the lobby until grouping by role starts', async () => {
  const organiser = await organiserCreates(live.browser, live.server.url);
  const ana = await participantJoins(live.browser, live.server.url, organiser.code, 'Ana', 'Werkplekbegeleider / mentor');
  await ana.page.getByText('Je doet mee als Werkplekbegeleider / mentor.').waitFor({ timeout: WAIT });
  await ana.page.getByRole('button', { name: 'Rol wijzigen' }).click();
  await ana.page.getByRole('radio', { name: 'Bestuurder', exact: true }).check();
  await ana.page.getByRole('button', { name: 'Rol opslaan' }).click();
  await ana.page.getByText('Je doet mee als Bestuurder.').waitFor({ timeout: WAIT });

  await startRound(organiser.page);
  assert.equal(await roomTitle(ana.page), 'Bestuurders & teamleiders', 'grouped by the corrected role');

  await ana.context.close();
  await organiser.context.close();
});
