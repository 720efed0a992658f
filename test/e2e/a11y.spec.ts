// Accessibility: axe-core over every view, in the light and the dark theme, with no serious or
// critical violation (WCAG 2.x A/AA rules: contrast, names, roles, labels, landmarks...).
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { checkbox, openApp, startDrill, step } from './helpers';

const RUNBOOK = `---
id: e2e-a11y
title: Accessible restore
version: 1.0.0
rto: 1h
params:
  target_time: { description: Restore to this UTC timestamp }
---

# Prepare {budget=10m}

- [ ] Page the on-call DBA {id=page estimate=2m}
- [ ] Freeze deploys {id=freeze estimate=2m}

# Restore {budget=20m}

## Check the row counts {id=counts estimate=5m}

\`\`\`bash {host=local timeout=1m}
echo rows: 42
\`\`\`
`;

test.use({ extraRunbooks: { 'a11y.md': RUNBOOK } });

async function audit(page: Page, view: string): Promise<string[]> {
  // Legacy mode runs axe in the page itself: the default opens a blank page to combine frames,
  // which the live run screen (a clock ticking every second) keeps from settling here.
  const result = await new AxeBuilder({ page }).setLegacyMode(true).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${view}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => `${n.target.join(' ')} [${n.any.map((c) => c.message).join('; ')}]`).join(' | ')}`,
    );
}

for (const theme of ['Light', 'Dark'] as const) {
  test(`every view passes axe-core, ${theme.toLowerCase()} theme`, async ({ page, server }) => {
    test.setTimeout(180_000);
    await openApp(page, server.url);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel(theme, { exact: true }).check();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme.toLowerCase());
    const found: string[] = [];
    found.push(...(await audit(page, 'settings')));

    await nav.getByRole('link', { name: 'Library' }).click();
    await expect(page.locator('.runbook-card[data-runbook-id="e2e-a11y"]')).toBeVisible();
    found.push(...(await audit(page, 'library')));

    await nav.getByRole('link', { name: 'Register' }).click();
    await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();
    found.push(...(await audit(page, 'register')));

    await page.getByRole('link', { name: 'Controls matrix' }).click();
    await expect(page.getByRole('form', { name: 'Period' })).toBeVisible();
    found.push(...(await audit(page, 'controls')));

    await page.goto(`${server.base}#/runbook/e2e-a11y/1.0.0`);
    await expect(page.getByRole('form', { name: 'Start a run of e2e-a11y@1.0.0' })).toBeVisible();
    found.push(...(await audit(page, 'runbook')));

    await page.goto(`${server.base}#/runbook/e2e-a11y/1.0.0/edit`);
    await expect(page.locator('.cm-line').first()).toBeVisible();
    found.push(...(await audit(page, 'editor')));

    await page.goto(`${server.base}#/`);
    const runId = await startDrill(page, 'e2e-a11y', '1.0.0');
    await checkbox(step(page, 0)).check();
    await expect(step(page, 0)).toHaveAttribute('data-status', 'done');
    found.push(...(await audit(page, 'run')));

    await page.getByRole('button', { name: 'Timeline' }).click();
    await expect(page.getByRole('region', { name: 'Timeline' })).toBeVisible();
    found.push(...(await audit(page, 'timeline')));

    await page.goto(`${server.base}#/run/${encodeURIComponent(runId)}/report`);
    await expect(page.getByRole('heading', { name: 'Sign and export' })).toBeVisible();
    found.push(...(await audit(page, 'report')));

    expect(found).toEqual([]);
  });
}
