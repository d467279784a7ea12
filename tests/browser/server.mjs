// Starts the real samenbord server for browser tests: spawns the binary
// (SAMENBORD_BIN or target/debug/samenbord; builds nothing) on port 0 with a
// fresh data dir, waits for "samenbord listening on http://…", and stops it
// by its pid. Also launches Debian's Chromium through playwright-core.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, '..', '..');
export const artifacts = join(root, 'tests', 'artifacts');

/** `env`: extra environment for the server (e.g. SAMENBORD_LLM_URL).
 * `dataDir`: start on this data directory (a restart) and leave it when
 * stopped; by default each server gets a fresh one, removed at stop. */
export async function startServer({ env = {}, dataDir: given } = {}) {
  const bin = process.env.SAMENBORD_BIN ?? join(root, 'target', 'debug', 'samenbord');
  if (!existsSync(bin)) throw new Error(`server binary not found: ${bin} (cargo build -p samenbord-server, or set SAMENBORD_BIN)`);
  const web = join(root, 'web', 'dist');
  if (!existsSync(join(web, 'index.html'))) throw new Error(`web/dist missing: run "npm ci && npm run build" in web/`);
  const dataDir = given ?? mkdtempSync(join(tmpdir(), 'samenbord-browser-'));
  const child = spawn(
    bin,
    ['serve', '--addr', '127.0.0.1:0', '--data-dir', dataDir, '--content-dir', join(root, 'content'), '--web-dir', web],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'warn', ...env } },
  );
  let log = '';
  child.stderr.on('data', (d) => (log += d));
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start in 30 s:\n${log}`)), 30_000);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /samenbord listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code}:\n${log}`));
    });
  });
  return {
    url,
    log: () => log,
    async stop() {
      if (child.exitCode === null) {
        process.kill(child.pid, 'SIGTERM');
        await new Promise((r) => {
          const t = setTimeout(() => {
            if (child.exitCode === null) process.kill(child.pid, 'SIGKILL');
            r();
          }, 5000);
          child.on('exit', () => {
            clearTimeout(t);
            r();
          });
        });
      }
      if (!given) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `args`: more Chromium switches (e.g. --host-resolver-rules). */
export async function launchBrowser({ args = [] } = {}) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', ...args],
  });
}

export function ensureArtifacts() {
  mkdirSync(artifacts, { recursive: true });
  return artifacts;
}

/**
 * Registers the usual hooks of a test file: a server and a browser started
 * before its tests (then `setup(live)`, if given) and stopped after. The
 * returned object's `server` and `browser` are set once `before` has run.
 * (Node 20 runs a file's root `before` hooks concurrently, hence `setup`.)
 */
export function serverAndBrowser(setup = async () => {}) {
  const live = {};
  before(async () => {
    live.server = await startServer();
    live.browser = await launchBrowser();
    await setup(live);
  });
  after(async () => {
    await live.browser?.close();
    await live.server?.stop();
  });
  return live;
}
