// The access token is code execution for whoever holds it, so it must stay with our origin
// (scheme, host AND port). Attack as found: open the app, then let the same browser talk to a
// plain server on another 127.0.0.1 port. Before, that server received a `drillbook_token`
// cookie (cookies ignore ports). Now it must receive nothing: no cookie, no token, no part of it;
// and neither the address bar nor the session history may hold the token or the launch code.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test as base, chromium, expect, type BrowserContext, type Page } from '@playwright/test';
import { Engine } from '../../core/engine';
import { bundledRunbooksDir } from '../../core/paths';
import { memorySettingsStore } from '../../core/settings';
import { startServer, type RunningServer } from '../../host/server';
import { openApp, startDrill } from './helpers';

const root = path.resolve(import.meta.dirname, '../..');

interface Seen {
  url: string;
  headers: IncomingHttpHeaders;
}

/** A plain server on another 127.0.0.1 port that keeps every request's URL and headers. */
async function recorder(): Promise<{ origin: string; seen: Seen[]; close(): Promise<void>; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    const p = (req.url ?? '').split('?')[0];
    if (p === '/page') {
      // Ordinary cross-origin traffic a page on this port can cause: an image, a credentialed fetch.
      res.writeHead(200, { 'Content-Type': 'text/html' });
      return res.end(
        `<!doctype html><title>other</title><img id="i" src="/img.png">
         <script>fetch('/fetch', { credentials: 'include' }).then(() => { document.title = 'fetched'; });</script>`,
      );
    }
    if (p === '/img.png') {
      res.writeHead(200, { 'Content-Type': 'image/gif' });
      return res.end(Buffer.from('R0lGODlhAQABAAAAACw=', 'base64'));
    }
    // Let a credentialed cross-origin fetch succeed, so the browser has every reason to attach cookies.
    res.writeHead(200, {
      'Content-Type': 'text/plain',
      'Access-Control-Allow-Origin': req.headers.origin ?? '*',
      'Access-Control-Allow-Credentials': 'true',
    });
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    seen,
    server,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

/** Every 8-character piece of a secret: "any part of it" must not show up either. */
const pieces = (secret: string) => Array.from({ length: secret.length - 7 }, (_, i) => secret.slice(i, i + 8));

function expectNoSecret(text: string, secrets: string[], where: string): void {
  for (const s of secrets) for (const piece of pieces(s)) expect(text.includes(piece), `${where} contains part of a secret`).toBe(false);
}

/** Walks the tab's session history back to its start, collecting every URL it held. */
async function historyUrls(page: Page): Promise<string[]> {
  const urls = [page.url()];
  const length = await page.evaluate(() => history.length);
  for (let i = 1; i < length; i++) {
    await page.goBack({ waitUntil: 'commit' }); // null for a same-document (#route) step, still taken
    urls.push(page.url());
  }
  return urls;
}

// One in-process host over a real Engine, so the test can mint launch codes (the CLI hands them
// only to the browser it starts itself).
const test = base.extend<{ host: RunningServer }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern; this one has none
  host: async ({}, use) => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'drillbook-e2e-token-'));
    mkdirSync(path.join(tmp, 'data'));
    const engine = await Engine.create({
      dataDir: path.join(tmp, 'data'),
      runbookDirs: [bundledRunbooksDir()],
      settings: memorySettingsStore(),
    });
    const server = await startServer({ api: engine, staticDir: path.join(root, 'dist', 'renderer') });
    try {
      await use(server);
    } finally {
      await server.close();
      await engine.close();
      rmSync(tmp, { recursive: true, force: true });
    }
  },
});

async function visitOtherPort(context: BrowserContext, app: Page, other: Awaited<ReturnType<typeof recorder>>) {
  // 1. A page on the other port: its image and its credentialed fetch.
  const tab = await context.newPage();
  await tab.goto(`${other.origin}/page`);
  await expect(tab).toHaveTitle('fetched');
  await expect.poll(() => other.seen.some((s) => s.url === '/img.png')).toBe(true);
  // 2. A fetch to the other port from a third origin (localhost:PORT is yet another origin).
  await tab.goto(`${other.origin.replace('127.0.0.1', 'localhost')}/third`);
  await tab.evaluate((o) => fetch(`${o}/from-third`, { credentials: 'include' }).then((r) => r.text()), other.origin);
  await tab.close();
  // 3. Our own tab navigating there (a link, a redirect, a typed address).
  await app.evaluate((o) => (window.location.href = `${o}/navigated`), other.origin);
  await app.waitForURL(`${other.origin}/navigated`);
}

test('launch URL: the app works, and no other port, URL or history entry ever sees the token', async ({ host, browser }) => {
  const other = await recorder();
  const context = await browser.newContext();
  try {
    const launch = host.launchUrl();
    const code = new URL(launch).hash.replace('#launch=', '');
    const secrets = [host.token, code];
    const page = await context.newPage();

    // Use the app: the library loads (name dialog first in a fresh data dir), a run starts.
    await openApp(page, launch);
    await expect(page.locator('.runbook-card[data-runbook-id="dr-site-activation"]')).toBeVisible();
    await startDrill(page, 'dr-site-activation', '1.0.0');
    await expect(page.locator('li.run-step').first()).toBeVisible();

    // Address bar and history: no token and no launch code, on any entry.
    expectNoSecret(page.url(), secrets, 'page.url()');
    const urls = await historyUrls(page);
    expect(urls).toContain(`http://127.0.0.1:${host.port}/`); // the launch entry, fragment gone
    expect(urls.length).toBeGreaterThan(2);
    for (const u of urls) expectNoSecret(u, secrets, `history entry ${u}`);
    // Loaded afresh (no fragment), the app still works: the token is in this origin's storage.
    await page.goto(`http://127.0.0.1:${host.port}/`);
    await expect(page.locator('.runbook-card').first()).toBeVisible();
    // No cookie exists at all, for any site.
    expect(await context.cookies()).toEqual([]);
    expect(await page.evaluate(() => document.cookie)).toBe('');

    await visitOtherPort(context, page, other);
    const paths = other.seen.map((s) => s.url);
    expect(paths).toEqual(expect.arrayContaining(['/page', '/img.png', '/fetch', '/third', '/from-third', '/navigated']));
    for (const s of other.seen) {
      expect(s.headers.cookie, `cookie header on ${s.url}`).toBeUndefined();
      expectNoSecret(JSON.stringify(s), secrets, `request ${s.url} to the other port`);
    }

    // The code was spent on the first load: the same launch URL in a fresh browser is refused.
    const fresh = await browser.newContext();
    const again = await fresh.newPage();
    await again.goto(launch);
    await expect(again.getByRole('alert').getByRole('heading', { name: 'Not authorised' })).toBeVisible();
    expectNoSecret(again.url(), secrets, 'url after a spent launch code');
    await fresh.close();
  } finally {
    await context.close();
    await other.close();
  }
});

test('printed #token= URL: works, survives a reload, leaves the address bar at once', async ({ host, browser }) => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const wsUrls: string[] = [];
    page.on('websocket', (ws) => wsUrls.push(ws.url()));
    await openApp(page, host.url);
    expect(page.url()).toBe(`http://127.0.0.1:${host.port}/`);
    await page.reload();
    await expect(page.locator('.runbook-card').first()).toBeVisible();
    for (const u of await historyUrls(page)) expectNoSecret(u, [host.token], `history entry ${u}`);
    // The WebSocket URL carries no token either (it rides as a subprotocol).
    expect(wsUrls.length).toBeGreaterThan(0);
    for (const u of wsUrls) expect(u).toBe(`ws://127.0.0.1:${host.port}/ws`);
    expect(await context.cookies()).toEqual([]);
  } finally {
    await context.close();
  }
});

test('a browser without the token gets the "not authorised" screen, not a broken app', async ({ host, browser }) => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${host.port}/#/settings`);
    const alert = page.getByRole('alert');
    await expect(alert.getByRole('heading', { name: 'Not authorised' })).toBeVisible();
    await expect(alert).toContainText('drillbook serve');
    // A stale token (an earlier launch) is found out by the server and gives the same screen.
    await page.evaluate(() => localStorage.setItem('drillbook.token', 'stale-token-from-an-earlier-launch'));
    await page.reload();
    await expect(page.getByRole('alert').getByRole('heading', { name: 'Not authorised' })).toBeVisible();
    expect(await page.evaluate(() => localStorage.getItem('drillbook.token'))).toBeNull();
  } finally {
    await context.close();
  }
});

test('control: this harness does catch a cookie set by another 127.0.0.1 port (the old leak)', async ({ browser }) => {
  // What the old host did: an HttpOnly, SameSite=Strict cookie from 127.0.0.1:A ...
  const setter = createServer((_req, res) => {
    res.writeHead(200, { 'Set-Cookie': 'probe_token=LEAKED-SECRET-VALUE; HttpOnly; SameSite=Strict; Path=/' });
    res.end('set');
  });
  await new Promise<void>((r) => setter.listen(0, '127.0.0.1', () => r()));
  const other = await recorder();
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${(setter.address() as AddressInfo).port}/`);
    // ... reaches a plain server on 127.0.0.1:B with an ordinary navigation: cookies ignore ports.
    await page.goto(`${other.origin}/navigated`);
    expect(other.seen.find((s) => s.url === '/navigated')?.headers.cookie).toContain('LEAKED-SECRET-VALUE');
  } finally {
    await context.close();
    await other.close();
    await new Promise<void>((r) => (setter.closeAllConnections(), setter.close(() => r())));
  }
});

/** Files under `dir` whose bytes contain `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) return [];
    if (st.isDirectory()) return filesContaining(p, needle);
    return st.isFile() && readFileSync(p).includes(needle) ? [p] : [];
  });
}

test('launch URL, real profile on disk: the token is in Local Storage only, never in History, Sessions or Favicons', async ({ host }) => {
  // The browser `drillbook serve` opens has its own profile; what it writes to disk is where a
  // token could outlive the tab. Chromium's History records the URL as first loaded, fragment
  // included (replaceState does not scrub it), which is why the browser we open gets a spent,
  // expiring one-time code rather than the token.
  const profile = mkdtempSync(path.join(tmpdir(), 'drillbook-e2e-profile-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await openApp(page, host.launchUrl());
    await page.reload();
    await expect(page.locator('.runbook-card').first()).toBeVisible();
    await context.close(); // flushes History, Sessions, Local Storage
    const holders = pieces(host.token).flatMap((piece) => filesContaining(profile, piece));
    expect(holders.length).toBeGreaterThan(0); // the harness finds it where it is meant to be...
    for (const file of new Set(holders)) expect(path.relative(profile, file)).toMatch(/^Default\/Local Storage\//);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});
