// Skipping a local command step that really failed, through the real UI in browser mode: the
// Skip dialog says the attempt failed and that the failure stays on the record; the step, the
// header, End run and the runs list count it as "skipped after failing", not as a plain skip,
// and the run ends RECOVERED WITH DEVIATIONS.
import { expect, test } from './fixtures';
import { ACTOR, checkbox, openApp, startDrill, step } from './helpers';

const RUNBOOK = `---
id: e2e-skip-failed
title: Restore with a skipped failure
version: 1.0.0
---

# Restore

- [ ] Page the on-call DBA {id=page}

## Check the replica {id=replica}

\`\`\`bash {host=local timeout=1m}
echo "replica not reachable" >&2
exit 3
\`\`\`

# Wrap up

- [ ] Tell the stakeholders {id=tell}
`;

test.use({ extraRunbooks: { 'skip-failed.md': RUNBOOK } });

test('a failed step skipped with a reason stays a failure in every view', async ({ page, server }) => {
  test.setTimeout(90_000);
  await openApp(page, server.url);
  await startDrill(page, 'e2e-skip-failed', '1.0.0');
  const replica = step(page, 1);
  const tell = step(page, 2);
  await checkbox(step(page, 0)).check();

  await replica.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(replica).toHaveAttribute('data-status', 'failed', { timeout: 20_000 });

  await replica.getByRole('button', { name: 'Skip…' }).click();
  const skip = page.getByRole('dialog', { name: 'Skip “Check the replica” despite its failure' });
  await expect(skip).toContainText('Attempt 1 failed (exit 3 (expected 0))');
  await expect(skip).toContainText('Skipping keeps the failure on the record');
  await expect(skip.getByLabel('Reason for skipping')).toBeFocused();
  await page.keyboard.type('Replica checked by hand on the console');
  await skip.getByRole('button', { name: 'Skip despite failure' }).click();
  await expect(skip).toBeHidden();
  await expect(replica).toHaveAttribute('data-status', 'skipped');
  await expect(replica.locator('.step-status')).toContainText(`SKIPPED AFTER FAILING (attempt 1 failed) by ${ACTOR}`);

  // A plain skip says nothing of a failure.
  await tell.getByRole('button', { name: 'Skip…' }).click();
  const plain = page.getByRole('dialog', { name: 'Skip “Tell the stakeholders”' });
  await expect(plain).not.toContainText('fail');
  await page.keyboard.type('Drill only');
  await plain.getByRole('button', { name: 'Skip step' }).click();
  await expect(tell).toHaveAttribute('data-status', 'skipped');
  await expect(page.locator('.progress-line')).toContainText('1 done · 1 skipped · 1 skipped after failing · 0 to go');

  await page.getByRole('button', { name: 'End run…' }).click();
  const end = page.getByRole('dialog', { name: 'End the run' });
  const outcome = end.getByRole('region', { name: 'Outcome to be recorded' });
  await expect(outcome).toContainText('It will be recorded as RECOVERED WITH DEVIATIONS');
  await expect(outcome).toContainText('1 done, 1 skipped, 1 skipped after failing of 3 steps');
  await expect(outcome).toContainText('1 step skipped after it failed');
  await end.getByLabel('Reason (required)').fill('Replica verified by hand');
  await end.getByRole('button', { name: 'End run' }).click();
  await expect(end).toBeHidden();
  await expect(page.locator('.run-head')).toContainText('ENDED: RECOVERED WITH DEVIATIONS (read-only)');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
  const row = page.locator('.run-row').filter({ hasText: 'Restore with a skipped failure' });
  await expect(row).toContainText('RECOVERED WITH DEVIATIONS · 1 done, 1 skipped, 1 skipped after failing of 3 steps');
});
