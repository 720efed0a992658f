// Smoke test of the real desktop app: launches Electron on the built app and checks the
// library shows and the bridge is the only thing the page gets. Skips cleanly here, where no
// Electron binary can be downloaded.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '../..');
const electronDir = path.join(root, 'node_modules', 'electron');
const hasBinary = existsSync(path.join(electronDir, 'path.txt')) && existsSync(path.join(electronDir, 'dist'));

const why = 'no Electron binary installed: run `node node_modules/electron/install.js` where the network allows';
if (!hasBinary) console.warn(`test/e2e-electron skipped: ${why}`); // the list reporter hides skip reasons
test.skip(!hasBinary, why);

test.beforeAll(() => {
  if (existsSync(path.join(root, 'dist', 'electron', 'main.mjs')) && existsSync(path.join(root, 'dist', 'renderer', 'index.html'))) return;
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('scripts/build.mjs failed');
});

test('the desktop app opens on the runbook library', async () => {
  // Each run gets its own data dir, so settings and runs of the developer are never touched.
  const home = mkdtempSync(path.join(tmpdir(), 'drillbook-e2e-electron-'));
  const app = await electron.launch({ args: [root], cwd: root, env: { ...process.env, DRILLBOOK_HOME: home } });
  try {
    const page = await app.firstWindow();
    expect(page.url()).toBe('app://drillbook/index.html');
    await expect(page.getByText(/library/i).first()).toBeVisible({ timeout: 30_000 });

    const probe = await page.evaluate(async () => {
      const w = window as unknown as { drillbook: { invoke(m: string, p: unknown): Promise<{ ok: boolean; result?: unknown }> } };
      const res = await w.drillbook.invoke('listRunbooks', {});
      return {
        keys: Object.keys(w.drillbook).sort(),
        nodeLeaked:
          typeof (globalThis as { require?: unknown }).require !== 'undefined' ||
          typeof (globalThis as { process?: unknown }).process !== 'undefined',
        ok: res.ok,
        groups: (res.result as { groups: unknown[] } | undefined)?.groups.length ?? 0,
      };
    });
    expect(probe).toMatchObject({ keys: ['invoke', 'onEvent'], nodeLeaked: false, ok: true });
    expect(probe.groups).toBeGreaterThan(0); // the bundled runbooks/ are found

    const csp = await page.evaluate(async () => (await fetch('app://drillbook/index.html')).headers.get('content-security-policy'));
    expect(csp).toBeTruthy();
  } finally {
    await app.close();
  }
});
