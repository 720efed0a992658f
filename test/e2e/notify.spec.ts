// Browser-mode notifications: "Notify me" in Settings asks for permission on that click; a run
// whose phase is already late notifies once, in the clock's words, and not again after a reload.
// The page's Notification API is replaced by a recorder (headless Chromium shows none).
import { expect, test } from './fixtures';
import { openApp } from './helpers';

const RUNBOOK = `---
id: e2e-notify
title: Late failover
version: 1.0.0
rto: 2h
---

# Prepare {budget=5m}

- [ ] Freeze deploys {id=freeze estimate=2m}

# Switch {budget=30m}

- [ ] Promote the replica {id=promote estimate=10m}
`;

test.use({ extraRunbooks: { 'notify.md': RUNBOOK } });

const pad = (n: number) => String(n).padStart(2, '0');
const localInput = (d: Date) =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;

test('Notify me, then a late phase notifies once per run', async ({ page, server }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __notes: { title: string; body: string }[]; __asked: number };
    w.__notes = JSON.parse(sessionStorage.getItem('notes') ?? '[]');
    w.__asked = 0;
    class Recorder {
      static permission = sessionStorage.getItem('perm') ?? 'default';
      static async requestPermission() {
        w.__asked++;
        sessionStorage.setItem('perm', 'granted');
        Recorder.permission = 'granted';
        return 'granted';
      }
      onclick: (() => void) | null = null;
      constructor(title: string, opts: { body: string }) {
        w.__notes.push({ title, body: opts.body });
        sessionStorage.setItem('notes', JSON.stringify(w.__notes));
      }
    }
    Object.defineProperty(window, 'Notification', { value: Recorder, configurable: true });
  });
  await openApp(page, server.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const section = page.getByRole('region', { name: 'Notifications' });
  await expect(section.getByRole('status')).toHaveText('Off. Turning it on asks the browser for permission.');
  await section.getByLabel(/Notify me/).check();
  await expect(section.getByRole('status')).toHaveText('On for this browser.');
  expect(await page.evaluate(() => (window as unknown as { __asked: number }).__asked)).toBe(1);

  await page.goto(`${server.base}#/runbook/e2e-notify/1.0.0`);
  const form = page.getByRole('form', { name: 'Start a run of e2e-notify@1.0.0' });
  await form.getByLabel('Incident (production is down)').check();
  await form.getByLabel(/T0 — incident declared at/).fill(localInput(new Date(Date.now() - 15 * 60_000)));
  await form.getByRole('button', { name: 'Start INCIDENT run' }).click();
  await expect(page).toHaveURL(/#\/run\/[^/]+$/);

  const notes = () => page.evaluate(() => (window as unknown as { __notes: { title: string; body: string }[] }).__notes);
  await expect.poll(notes).toHaveLength(1);
  const [note] = await notes();
  expect(note!.title).toBe('Phase late · Late failover');
  expect(note!.body).toMatch(/^Phase "Prepare" is late: past its deadline \(T0\+5m\) by 1\dm/);
  await expect(page.getByRole('region', { name: 'RTO clock' })).toContainText('Prepare');

  await page.reload();
  await expect(page.getByRole('region', { name: 'RTO clock' })).toBeVisible();
  await page.waitForTimeout(1500);
  expect(await notes()).toHaveLength(1);
});
