// "A record an auditor can trust", through the real UI in browser mode: a local command step
// that really fails cannot be ticked or reopened; it is accepted despite the failure with a
// reason; End run then shows RECOVERED WITH DEVIATIONS and wants a reason; the runs list and
// the first page of the signed PDF say the same outcome (both take it from RESULT_LABEL). The
// gate before the last step is signed off with the signing key (key-confirmed, not typed).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test } from './fixtures';
import { ACTOR, checkbox, openApp, startDrill, step } from './helpers';

const RUNBOOK = `---
id: e2e-accept
title: Restore with a known failure
version: 1.0.0
rto: 1h
---

# Restore {budget=30m}

- [ ] Page the on-call DBA {id=page estimate=5m}

## Check the row counts {id=counts estimate=5m}

Compares the restored row count with the expected one.

\`\`\`bash {host=local timeout=1m}
echo "rows: 41"
echo "expected 42" >&2
exit 3
\`\`\`

# Wrap up {budget=10m}

- [ ] Tell the stakeholders {id=tell estimate=2m gate=commander}
`;

const PASSPHRASE = 'e2e passphrase, long enough';
const shots = process.env.DRILLBOOK_SHOTS;

test.use({ extraRunbooks: { 'accept.md': RUNBOOK } });

test('a failed command step accepted with a reason: deviations in End run, the runs list and the signed report', async ({
  page,
  server,
}) => {
  test.setTimeout(120_000);
  await openApp(page, server.url);

  // A signing identity, for the report at the end.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const create = page.getByRole('region', { name: 'Signing identity' }).getByRole('form', { name: 'Create a signing identity' });
  await create.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await create.getByLabel('Passphrase again').fill(PASSPHRASE);
  await create.getByRole('button', { name: 'Create signing identity' }).click();
  await expect(page.getByRole('status', { name: 'Signing identity status' })).toContainText('Ready to sign', { timeout: 30_000 });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();

  await startDrill(page, 'e2e-accept', '1.0.0');
  const page0 = step(page, 0);
  const counts = step(page, 1);

  // A click on a title changes nothing; the checkbox does.
  await page0.getByText('Page the on-call DBA', { exact: true }).click();
  await expect(page0).toHaveAttribute('data-status', 'pending');
  await checkbox(page0).check();
  await expect(page0).toHaveAttribute('data-status', 'done');

  // The command step has no tick. Space goes to Run; it runs here and really fails.
  await expect(checkbox(counts)).toHaveCount(0);
  await counts.focus();
  await page.keyboard.press(' ');
  const run = counts.getByRole('button', { name: 'Run', exact: true });
  await expect(run).toBeFocused();
  await expect(counts).toHaveAttribute('data-status', 'pending');
  await page.keyboard.press(' ');
  await expect(counts).toHaveAttribute('data-status', 'failed', { timeout: 20_000 });
  await expect(counts.locator('.step-status')).toContainText('FAILED on attempt 1');
  await expect(counts.locator('.host-results')).toContainText('local: exit 3');
  await expect(counts.getByRole('button', { name: 'Run again' })).toBeVisible();
  await expect(counts.getByRole('button', { name: /^Reopen/ })).toHaveCount(0);

  // Accepted despite the failure, with a reason (the field is focused; Enter submits).
  await counts.getByRole('button', { name: 'Accept despite failure…' }).click();
  const accept = page.getByRole('dialog', { name: 'Accept “Check the row counts” despite failure' });
  await expect(accept.getByLabel('Why the failure is acceptable')).toBeFocused();
  await page.keyboard.type('One test row is deleted on purpose before each drill');
  await page.keyboard.press('Enter');
  await expect(accept).toBeHidden();
  await expect(counts).toHaveAttribute('data-status', 'overridden');
  await expect(counts.locator('.step-status')).toContainText(`OVERRIDDEN — accepted despite failure by ${ACTOR}`);
  await expect(counts.locator('.step-status')).toContainText('One test row is deleted on purpose before each drill');
  await counts.getByText(/^History/).click();
  await expect(counts.getByRole('list', { name: 'Attempts' })).toContainText('Attempt 1');
  await expect(counts.getByRole('list', { name: 'Attempts' })).toContainText('FAILED');
  await expect(counts.getByRole('list', { name: 'Attempts' })).toContainText('local: exit 3');
  if (shots) await counts.screenshot({ path: path.join(shots, 'step-overridden.png') });

  // The gate is signed off with the signing key, not just a typed name.
  const tell = step(page, 2);
  await tell.getByRole('button', { name: 'Sign off (commander)' }).click();
  const sign = page.getByRole('dialog', { name: /^Sign off “Tell the stakeholders”/ });
  await sign.getByLabel('Confirm with my signing key').check();
  const pass = sign.getByLabel('Passphrase of the signing key');
  await expect(pass).toHaveAttribute('type', 'password');
  await expect(pass).toBeFocused();
  await pass.fill(PASSPHRASE);
  await sign.getByRole('button', { name: `Sign off as ${ACTOR} (key-confirmed)` }).click();
  await expect(sign).toBeHidden({ timeout: 20_000 });
  await expect(tell.locator('.gate-signed')).toContainText(`Gate signed off by ${ACTOR} (commander)`);
  await expect(tell.locator('.gate-signed')).toContainText('✓ confirmed with signing key');
  await checkbox(tell).check();
  await expect(tell).toHaveAttribute('data-status', 'done');
  await tell.getByText(/^History/).click();
  await expect(tell.getByRole('list', { name: 'Sign-offs' })).toContainText('confirmed with signing key');
  await expect(page.locator('.progress-line')).toContainText('2 done · 0 skipped · 1 overridden');

  // End run: the outcome it will record, and a reason because it is not a clean recovery.
  await page.getByRole('button', { name: 'End run…' }).click();
  const end = page.getByRole('dialog', { name: 'End the run' });
  const outcome = end.getByRole('region', { name: 'Outcome to be recorded' });
  await expect(outcome).toContainText('It will be recorded as RECOVERED WITH DEVIATIONS');
  await expect(outcome).toContainText('2 done, 1 overridden of 3 steps');
  await expect(outcome).toContainText('1 step overridden');
  if (shots) await end.screenshot({ path: path.join(shots, 'end-run-outcome.png') });
  await end.getByRole('button', { name: 'End run' }).click();
  await expect(end.getByRole('alert')).toHaveText('Say why the run ends RECOVERED WITH DEVIATIONS.');
  await expect(end).toBeVisible();
  await end.getByLabel('Reason (required)').fill('Row-count check fails by design in drills');
  await end.getByRole('button', { name: 'End run' }).click();
  await expect(end).toBeHidden();
  await expect(page.locator('.run-head')).toContainText('ENDED: RECOVERED WITH DEVIATIONS (read-only)');
  await expect(page.getByRole('region', { name: 'RTO clock' })).toContainText('final');

  // The signed report's first page says the same outcome.
  await page.locator('.run-head').getByRole('link', { name: 'Report' }).click();
  const exportForm = page.getByRole('form', { name: 'Sign and export the report' });
  await exportForm.getByLabel('Passphrase of the signing key').fill(PASSPHRASE);
  await exportForm.getByRole('button', { name: 'Sign and export PDF' }).click();
  const done = page.getByRole('status', { name: 'Signed report' });
  await expect(done).toContainText('Signed report saved', { timeout: 60_000 });
  const file = (await done.locator('dd code').first().textContent())!;
  const first = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', file, '-'], { encoding: 'utf8' });
  expect(first).toContain('RECOVERED WITH DEVIATIONS');

  // And so does the runs list, with the counts in words.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
  const row = page.locator('.run-row').filter({ hasText: 'Restore with a known failure' });
  await expect(row).toContainText('⚠ RECOVERED WITH DEVIATIONS · 2 done, 1 overridden of 3 steps');
  await expect(row).not.toContainText('%');
});
