// The commander's screen at 3 a.m., in Chromium at 1280×720: the Now/Next bar names each step in
// turn as an incident run advances (a tick, a local command, a failure resolved, a gate signed),
// "Resolve failure" jumps to the failed step, a reload lands on the current step with keyboard
// focus, and focus mode keeps the current step's command and its live output on screen.
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { card, openApp } from './helpers';

const RUNBOOK = `---
id: e2e-now-next
title: Database restore at night
version: 1.0.0
rto: 2h
---

# Assess {budget=20m}

- [ ] Declare the incident {id=declare estimate=2m}
- [ ] Page the DBA {id=page estimate=2m}
- [ ] Open the incident channel {id=channel estimate=2m}

# Restore {budget=1h}

## Stream the restore {id=restore estimate=5m}

\`\`\`bash {host=local timeout=2m}
for i in $(seq 1 60); do echo "restored chunk $i of 60"; sleep 0.1; done
\`\`\`

## Check the replica {id=check estimate=5m}

\`\`\`bash {host=local timeout=1m}
echo "replica lag 900 s" >&2
exit 1
\`\`\`

## Promote the replica {id=promote estimate=5m gate=commander}

# Close {budget=20m}

- [ ] Tell everyone {id=tell estimate=2m}
`;

test.use({ extraRunbooks: { 'now-next.md': RUNBOOK }, viewport: { width: 1280, height: 720 } });

const shots = process.env.DRILLBOOK_SHOTS;
const li = (page: Page, id: string): Locator => page.locator(`li[data-step-id="${id}"]`);
const activeStep = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute('data-step-id') ?? document.activeElement?.tagName);

/** The element's box lies wholly inside the viewport and below the sticky run header. */
async function onScreen(page: Page, what: Locator): Promise<void> {
  const box = await what.boundingBox();
  const head = await page.locator('.run-head').boundingBox();
  expect(box, 'element has a box').not.toBeNull();
  expect(head).not.toBeNull();
  expect(box!.y, 'below the header').toBeGreaterThanOrEqual(head!.y + head!.height - 1);
  expect(box!.y + box!.height, 'above the bottom of the 720 px window').toBeLessThanOrEqual(720);
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(1280);
}

test('the Now/Next bar follows an incident run; Resolve failure jumps; reload lands on the current step; focus mode fits the output', async ({
  page,
  server,
}) => {
  test.setTimeout(90_000);
  await openApp(page, server.url);
  await card(page, 'e2e-now-next').getByRole('link', { name: 'Open 1.0.0' }).click();
  const form = page.getByRole('form', { name: 'Start a run of e2e-now-next@1.0.0' });
  await form.getByLabel('Incident (production is down)').check();
  await form.getByRole('button', { name: 'Start INCIDENT run' }).click();
  await expect(page).toHaveURL(/#\/run\/[^/]+$/);

  const bar = page.getByRole('region', { name: 'Now and next' });
  const now = bar.locator('.nn-now');
  const action = bar.locator('.nn-action');
  // A fresh run opens on its first step, with focus on it.
  await expect(now).toContainText('1. Declare the incident');
  await expect(bar.locator('.nn-next')).toContainText('2. Page the DBA');
  await expect(action).toHaveText('Tick');
  await expect.poll(() => activeStep(page)).toBe('declare');

  await action.click();
  await expect(li(page, 'declare')).toHaveAttribute('data-status', 'done');
  await expect(now).toContainText('2. Page the DBA');
  // r does the bar's action from the keyboard; g goes back to the current step.
  await page.keyboard.press('r');
  await expect(li(page, 'page')).toHaveAttribute('data-status', 'done');
  await expect(now).toContainText('3. Open the incident channel');
  await action.click();
  await expect(now).toContainText('4. Stream the restore');
  await expect(action).toHaveText('Run');
  await expect(bar.locator('.nn-next')).toContainText('5. Check the replica');
  if (shots) await page.screenshot({ path: path.join(shots, 'now-next-bar.png') });

  // Focus mode: the done phase folds to one line; the current step's command and live output fit.
  await bar.getByRole('button', { name: 'Focus mode' }).click();
  await expect(bar.getByRole('button', { name: 'Focus mode' })).toHaveAttribute('aria-pressed', 'true');
  // Assess is done and Close is later: both fold; Restore (current and next) stays open.
  await expect(page.locator('section.phase.is-folded summary.phase-title')).toHaveText([/Assess.*✓ 3 of 3 closed/, /Close.*0 of 1 closed/]);
  await expect(li(page, 'declare')).toBeHidden();
  await action.click();
  await expect(action).toHaveText('Wait for it to finish');
  const output = li(page, 'restore').locator('.output-tail');
  await expect(output).toContainText('restored chunk 5 of 60');
  await onScreen(page, output);
  if (shots) await page.screenshot({ path: path.join(shots, 'now-next-focus-mode.png') });
  await onScreen(page, li(page, 'restore').locator('pre:not(.output-tail)').first());
  await expect(li(page, 'restore').locator('pre:not(.output-tail)').first()).toContainText('seq 1 60');
  // The next two steps are visible, one line each.
  await expect(li(page, 'check')).toBeVisible();
  await expect(li(page, 'promote')).toBeVisible();
  await expect(li(page, 'restore')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });

  // A failure: the bar says so, keeps it listed, and "Resolve failure" jumps to it.
  await expect(now).toContainText('5. Check the replica');
  await action.click();
  await expect(li(page, 'check')).toHaveAttribute('data-status', 'failed');
  await expect(action).toHaveText('Resolve failure');
  const attention = bar.getByRole('list', { name: 'Needs attention' });
  await expect(attention).toContainText('Check the replica failed');
  if (shots) await page.screenshot({ path: path.join(shots, 'now-next-failure.png') });
  await page.evaluate(() => window.scrollTo(0, 0));
  await bar.getByRole('button', { name: 'Focus mode' }).focus();
  await action.click();
  await expect.poll(() => activeStep(page)).toBe('check');
  await onScreen(page, li(page, 'check').locator('.step-line'));
  // Stated once on the card: the status line names the failure, the host list does not repeat it.
  await expect(li(page, 'check').locator('.step-status')).toContainText('FAILED');
  await expect(li(page, 'check').locator('.step-status')).toContainText('exit 1 (expected 0)');
  expect(await li(page, 'check').locator('.step-status').innerText()).not.toMatch(/exit 1[\s\S]*exit 1/);

  await li(page, 'check').getByRole('button', { name: 'Accept despite failure…' }).click();
  const accept = page.getByRole('dialog');
  await accept.getByLabel('Why the failure is acceptable').fill('Lag is from the restore; it will catch up');
  await accept.getByRole('button', { name: 'Accept despite failure' }).click();
  await expect(li(page, 'check')).toHaveAttribute('data-status', 'overridden');
  await expect(attention).toHaveCount(0);
  await expect(now).toContainText('6. Promote the replica');
  await expect(action).toHaveText('Sign off (commander)');
  await action.click();
  const sign = page.getByRole('dialog');
  await sign.getByRole('button', { name: /^Sign off as / }).click();
  await expect(sign).toBeHidden();
  await expect(action).toHaveText('Tick');

  // Reload: the view lands on the current step with keyboard focus; focus mode is remembered.
  await page.reload();
  await expect(now).toContainText('6. Promote the replica');
  await expect.poll(() => activeStep(page)).toBe('promote');
  await onScreen(page, li(page, 'promote').locator('.step-line'));
  await expect(bar.getByRole('button', { name: 'Focus mode' })).toHaveAttribute('aria-pressed', 'true');

  await action.click();
  await expect(now).toContainText('7. Tell everyone');
  await page.keyboard.press('g');
  await expect.poll(() => activeStep(page)).toBe('tell');
  await page.keyboard.press('r');
  await expect(li(page, 'tell')).toHaveAttribute('data-status', 'done');
  await expect(now).toContainText('Every step is closed');
  await expect(action).toHaveText('End the run…');
});
