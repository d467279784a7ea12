// Ana's phone changes networks mid-round: its connections die without
// closing (no close frame, no reset; the browser still counts them open).
// Seen from the hall: the phone says "Verbonden" while her note waits in
// a dead socket and Ben's notes never reach her, for the minutes until
// TCP gives up. A phone must notice within seconds and connect again:
// what she typed arrives, and so does what others write.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { launchBrowser, startServer } from './server.mjs';
import { addNote, anaOnPhoneAndBen, organiserCreates, seesNote, startRound } from './helpers.mjs';

const live = {};
before(async () => {
  // Pings (and the live stream's beats) every second, so the test need not
  // wait the default pace to see a silence.
  live.server = await startServer({ env: { SAMENBORD_PING_SECONDS: '1' } });
  live.proxy = await deadlyProxy(new URL(live.server.url));
  live.browser = await launchBrowser();
});
after(async () => {
  await live.browser?.close();
  live.proxy?.close();
  await live.server?.stop();
});

/**
 * A TCP proxy in front of the server, standing in for the phone's network.
 * `kill(paths)` makes every open connection to one of `paths` silently
 * dead: nothing passes any more either way, and nothing is closed towards
 * the browser. `resetOthers(paths)` closes every other open connection
 * (a new network has none of the old ones). New connections pass, unless
 * `stayDead(paths)` holds new ones to `paths` until `revive()`.
 * `opened(path)` counts the connections the browser made to `path`.
 */
async function deadlyProxy(target) {
  const open = new Set();
  const counts = new Map();
  let deadPaths = [];
  const held = [];
  const server = net.createServer((browserSide) => {
    const serverSide = net.connect(Number(target.port), target.hostname);
    const link = { browserSide, serverSide, path: '', dead: false };
    open.add(link);
    // Nothing passes until the request line says where it goes: a
    // connection into a dead network waits (as TCP retries its SYN) and
    // goes through once the network is back.
    browserSide.pause();
    browserSide.once('readable', () => {
      const first = browserSide.read() ?? Buffer.alloc(0);
      link.path = /^[A-Z]+ ([^ ?]+)/.exec(first.toString('latin1'))?.[1] ?? '';
      counts.set(link.path, (counts.get(link.path) ?? 0) + 1);
      const pass = () => {
        serverSide.write(first);
        browserSide.pipe(serverSide);
        serverSide.pipe(browserSide);
      };
      if (deadPaths.includes(link.path)) held.push(pass);
      else pass();
    });
    const end = () => {
      open.delete(link);
      serverSide.destroy();
      if (!link.dead) browserSide.destroy();
    };
    for (const s of [browserSide, serverSide]) {
      s.on('error', end);
      s.on('close', end);
    }
  });
  function silence(link) {
    link.dead = true;
    link.browserSide.unpipe(link.serverSide);
    link.serverSide.unpipe(link.browserSide);
    link.browserSide.on('data', () => {});
    link.serverSide.destroy();
  }
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    resetOthers(paths) {
      for (const link of open) if (!paths.includes(link.path)) link.browserSide.destroy();
    },
    kill(paths) {
      for (const link of open) if (paths.includes(link.path)) silence(link);
    },
    stayDead(paths) {
      deadPaths = paths;
    },
    revive() {
      deadPaths = [];
      for (const pass of held.splice(0)) pass();
    },
    opened: (path) => counts.get(path) ?? 0,
    close() {
      for (const link of open) link.browserSide.destroy();
      server.close();
    },
  };
}

async function waitUntil(holds, what, timeout = 30_000) {
  const until = Date.now() + timeout;
  while (!holds()) {
    if (Date.now() > until) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('a phone whose connections died without closing reconnects and loses nothing', async () => {
  const organiser = await organiserCreates(live.browser, live.server.url);
  const { ana, ben } = await anaOnPhoneAndBen(live.browser, live.server.url, organiser.code, live.proxy.url);
  await startRound(organiser.page);
  await addNote(ben.page, 'Opbrengsten', 'Voor de storing');
  await seesNote(ana.page, 'Voor de storing');

  // Only the sync socket dies, and the network stays dead for a while:
  // the first new socket dies too. The live stream still beats. Her note
  // waits; she is told where she types, and it reaches Ben once the
  // network is back.
  live.proxy.kill(['/sync']);
  live.proxy.stayDead(['/sync']);
  const sockets = live.proxy.opened('/sync');
  await addNote(ana.page, 'Opbrengsten', 'Getypt in een dode verbinding');
  await ana.page.waitForFunction(() => window.scrollTo(0, document.body.scrollHeight) ?? true);
  const warning = ana.page.getByText(/^Niet opgeslagen: je laatste wijziging/);
  await warning.waitFor({ timeout: 30_000 });
  const box = await warning.boundingBox();
  assert.ok(box && box.y >= 0 && box.y + box.height <= 740, `the warning is on screen where she types: ${JSON.stringify(box)}`);
  await waitUntil(() => live.proxy.opened('/sync') > sockets, 'the phone opened a new sync socket');
  live.proxy.revive();
  await seesNote(ben.page, 'Getypt in een dode verbinding', 40_000);
  await warning.waitFor({ state: 'detached', timeout: 20_000 });

  // Everything dies while she only reads: the silent stream gives it away,
  // and Ben's next note reaches her.
  const streams = ['/sync', '/api/events'];
  live.proxy.resetOthers(streams);
  live.proxy.kill(streams);
  await addNote(ben.page, 'Opbrengsten', 'Na de netwerkwissel');
  await seesNote(ana.page, 'Na de netwerkwissel', 30_000);
  await ana.page.getByText('Verbonden', { exact: true }).waitFor();
  for (const c of [ana.context, ben.context, organiser.context]) await c.close();
});
