// The Register and History views through the real UI, over run folders written with the real
// journal writer into the server's data dir: an overdue runbook comes first with its OVERDUE
// badge, an incident is listed apart, and the history shows every run, the trend chart and the
// slowest phase. Dates are relative to now, so the verdicts hold whenever the test runs.
import { expect, test } from './fixtures';
import { openApp } from './helpers';
import { DB_RESTORE, SIMPLE, writeRun } from '../unit/register/fixture-runs';

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Math.floor((Date.now() - n * DAY) / 60_000) * 60_000).toISOString();

test.use({
  extraRunbooks: {
    'db-restore.md': DB_RESTORE(),
    'app-failover.md': SIMPLE('app-failover', 'App failover', '90d', 'SOC2-A1.3'),
  },
});

test('register: OVERDUE first, incidents apart; history: every run, trend and slowest phase', async ({ page, server }) => {
  const db = DB_RESTORE();
  await writeRun(server.dataDir, { source: db, mode: 'drill', t0: daysAgo(70), ticks: { declare: 5, restore: 30, check: 40 }, end: 40 });
  await writeRun(server.dataDir, { source: db, mode: 'drill', t0: daysAgo(40), ticks: { declare: 8, restore: 50, check: 55 }, end: 55 });
  await writeRun(server.dataDir, { source: db, mode: 'incident', t0: daysAgo(10), ticks: { declare: 5, restore: 70, check: 80 }, end: 80 });
  const af = SIMPLE('app-failover', 'App failover', '90d', 'SOC2-A1.3');
  await writeRun(server.dataDir, { source: af, mode: 'drill', t0: daysAgo(5), ticks: { do: 12 }, end: 12 });

  await openApp(page, server.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Register' }).click();
  await expect(page).toHaveURL(/#\/register$/);
  const table = page.getByRole('table', { name: 'Runbooks by what needs attention' });
  const first = table.locator('tbody tr').first();
  await expect(first).toHaveAttribute('data-runbook', 'db-restore');
  await expect(first.locator('.badge').first()).toHaveText('OVERDUE');
  await expect(first).toContainText('drill overdue by 10d (every 30d)');
  await expect(first).toContainText('55m / 1h');
  const af1 = table.locator('tr[data-runbook="app-failover"]');
  await expect(af1.locator('.badge').first()).toHaveText('ON SCHEDULE');
  await expect(af1).toContainText('12m / 30m');
  const incidents = page.getByRole('table', { name: 'Incidents' });
  await expect(incidents.locator('tbody tr')).toHaveCount(1);
  await expect(incidents).toContainText('1h20m / 1h BREACHED');
  await expect(page.locator('.sync-line')).toContainText('Team archive not configured');

  await first.getByRole('link', { name: 'Database restore' }).click();
  await expect(page).toHaveURL(/#\/history\/db-restore$/);
  await expect(page.getByRole('heading', { name: 'History: Database restore' })).toBeVisible();
  const runs = page.getByRole('table', { name: 'Runs, oldest first' }).locator('tbody tr');
  await expect(runs).toHaveCount(3);
  await expect(runs.nth(1)).toContainText('42m / 30m LATE');
  await expect(runs.nth(2)).toContainText('INCIDENT');
  // Restore: (25 + 42 + 65) / 3 = 44 min against a budget of 30m.
  await expect(page.locator('.slowest-phase')).toHaveText(
    'Slowest phase: Restore, mean 44m against a budget of 30m, longest 1h5m; late in 2 of 3 runs. ' +
      '(counted: phases that ended done in the 3 of 3 ended runs that recovered; a phase an abort cut short, or one a run left unfinished, is no measured time.)',
  );
  const img = page.locator('img.trend-img');
  await expect(img).toHaveAttribute(
    'alt',
    /achieved recovery time of 3 ended runs against an RTO of 1h, stacked by phase; the slowest phase is Restore/,
  );
  const svg = decodeURIComponent((await img.getAttribute('src'))!.replace(/^data:image\/svg\+xml;charset=utf-8,/, ''));
  expect(svg.match(/class="run-col/g)).toHaveLength(3);
  expect(svg).toContain('RTO 1h');
});
