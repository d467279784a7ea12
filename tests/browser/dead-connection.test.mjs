// Ana's phone changes networks mid-round: its connections die without
// closing (no close frame, no reset; the browser still counts them open).
// Seen from the hall: the phone says "Verbonden" while her note waits in
// a dead socket and Ben's notes never reach her, for the minutes until
// TCP gives up. A phone must notice within seconds and connect again:
// what she typed arrives, and so does what others write.
import { after, before, test } from 'node:test';
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
 * (a new network has none of the old ones). New connections pass.
 */
async function deadlyProxy(target) {
  const open = new Set();
  const server = net.createServer((browserSide) => {
    const serverSide = net.connect(Number(target.port), target.hostname);
    const link = { browserSide, serverSide, path: '', dead: false };
    open.add(link);
    browserSide.once('data', (d) => {
      link.path = /^[A-Z]+ ([^ ?]+)/.exec(d.toString('latin1'))?.[1] ?? '';
    });
    browserSide.pipe(serverSide);
    serverSide.pipe(browserSide);
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
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    resetOthers(paths) {
      for (const link of open) if (!paths.includes(link.path)) link.browserSide.destroy();
    },
    kill(paths) {
      for (const link of open) {
        if (!paths.includes(link.path)) continue;
        link.dead = true;
        link.browserSide.unpipe(link.serverSide);
        link.serverSide.unpipe(link.browserSide);
        link.browserSide.on('data', () => {});
        link.serverSide.destroy();
      }
    },
    close() {
      for (const link of open) link.browserSide.destroy();
      server.close();
    },
  };
}

test('a phone whose connections died without closing reconnects and loses nothing', async () => {
  const organiser = await organiserCreates(live.browser, live.server.url);
  const { ana, ben } = await anaOnPhoneAndBen(live.browser, live.server.url, organiser.code, live.proxy.url);
  await startRound(organiser.page);
  await addNote(ben.page, 'Opbrengsten', 'Voor de storing');
  await seesNote(ana.page, 'Voor de storing');

  // Only the sync socket dies; the live stream still beats. Her note
  // would wait in the dead socket; it must reach Ben.
  live.proxy.kill(['/sync']);
  await addNote(ana.page, 'Opbrengsten', 'Getypt in een dode verbinding');
  await seesNote(ben.page, 'Getypt in een dode verbinding', 30_000);

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
