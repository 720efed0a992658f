// The timeline the run view shows, after a step that timed out once and then succeeded and a
// step that failed: the retried step's bar counts both attempts (late against its estimate),
// and the phase holding the failure is drawn as failed, not done.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';
import { openApp, startDrill, step } from './helpers';

const work = mkdtempSync(path.join(tmpdir(), 'drillbook-e2e-attempts-'));

const RUNBOOK = `---
id: e2e-attempts
title: Attempt times
version: 1.0.0
rto: 1h
---

# Prep {budget=10m}

## Flaky restore {id=flaky estimate=2s retries=1 timeout=2s}

\`\`\`bash {host=local}
if [ -e "${work}/tried" ]; then sleep 1; echo restored; else touch "${work}/tried"; sleep 30; fi
\`\`\`

# Verify {budget=10m}

## Local fail {id=local-fail}

\`\`\`bash {host=local}
exit 1
\`\`\`
`;

test.use({ extraRunbooks: { 'attempts.md': RUNBOOK } });
test.afterAll(() => rmSync(work, { recursive: true, force: true }));

test('a retried step is timed over both attempts; a phase with a failed step is drawn failed', async ({ page, server }) => {
  test.setTimeout(90_000);
  await openApp(page, server.url);
  await startDrill(page, 'e2e-attempts', '1.0.0');
  await step(page, 0).getByRole('button', { name: 'Run', exact: true }).click();
  await expect(step(page, 0)).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await step(page, 1).getByRole('button', { name: 'Run', exact: true }).click();
  await expect(step(page, 1)).toHaveAttribute('data-status', 'failed', { timeout: 20_000 });

  await page.getByRole('button', { name: 'Timeline' }).click();
  const img = page.getByRole('region', { name: 'Timeline' }).locator('img.timeline-img');
  await expect(img).toBeVisible();
  const rows = await img.evaluate((el: HTMLImageElement) => {
    const svg = decodeURIComponent(el.src.replace(/^data:image\/svg\+xml;charset=utf-8,/, ''));
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    const row = (kind: string, id: string) => {
      const g = doc.querySelector(`g.${kind}-row[data-id="${id}"]`);
      return {
        state: g?.getAttribute('data-state'),
        title: g?.querySelector('title')?.textContent,
        fill: g?.querySelector('rect.actual')?.getAttribute('fill'),
      };
    };
    return { flaky: row('step', 'flaky'), prep: row('phase', 'prep'), verify: row('phase', 'verify') };
  });
  // 2 s until the time-out plus about 1 s of the retry: 3 s or more, against 2 s planned.
  expect(rows.flaky.title).toMatch(/^Flaky restore \(done, late\): planned 2s, actual ([3-9]|\d\d)s$/);
  expect(rows.prep).toMatchObject({ state: 'done', fill: 'url(#bar-done)' });
  expect(rows.verify).toMatchObject({ state: 'failed', fill: 'url(#bar-failed)' });
  expect(rows.verify.title).toMatch(/^Verify \(failed\)/);
});
