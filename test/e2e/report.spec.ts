// Signed reports through the real UI in browser mode: a signing identity made in Settings, a
// three-step drill run to the end, then its report: the unsigned preview (styled, in a sandboxed
// frame, no CSP violation), a wrong passphrase refused, sign and export (a real PDF kept with the
// run, made by the server's Chromium), verify with every check ok, and the run list's badge.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures';
import { ACTOR, checkbox, openApp, startDrill, step } from './helpers';

const RUNBOOK = `---
id: e2e-report
title: Quarterly restore drill
version: 1.0.0
rto: 1h
---

# Restore {budget=30m}

- [ ] Pick the newest backup {id=pick estimate=5m}
- [ ] Restore it to the scratch host {id=restore estimate=15m}
- [ ] Check the row counts {id=check estimate=5m}
`;

const PASSPHRASE = 'e2e passphrase, long enough';
const shots = process.env.DRILLBOOK_SHOTS;

test.use({ extraRunbooks: { 'report.md': RUNBOOK } });

test('identity in Settings, drill to the end, preview, sign and export, verify, badge', async ({ page, server }) => {
  test.setTimeout(120_000);
  const cspViolations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  await openApp(page, server.url);

  // Settings → Signing identity.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const identity = page.getByRole('region', { name: 'Signing identity' });
  const create = identity.getByRole('form', { name: 'Create a signing identity' });
  await expect(create.getByLabel('Signer name')).toHaveValue(ACTOR);
  await create.getByLabel('Organisation (optional)').fill('ACME Corp');
  await create.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await create.getByLabel('Passphrase again').fill(`${PASSPHRASE}!`);
  await create.getByRole('button', { name: 'Create signing identity' }).click();
  await expect(create.getByRole('alert')).toHaveText('The two passphrases differ.');
  await create.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await create.getByLabel('Passphrase again').fill(PASSPHRASE);
  await create.getByLabel('Passphrase again').press('Enter');
  const ready = identity.getByRole('status', { name: 'Signing identity status' });
  await expect(ready).toContainText('Ready to sign', { timeout: 30_000 });
  await expect(ready).toContainText('ACME Corp');
  await expect(ready).toContainText('asked each time you sign');
  const cert = (await ready.locator('code.hash').textContent())!;
  expect(cert).toMatch(/^[0-9a-f]{64}$/);
  expect(existsSync(path.join(server.dataDir, 'keys', 'identity.json'))).toBe(true);

  // A three-step drill, every step ticked, the run ended.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
  const runId = await startDrill(page, 'e2e-report', '1.0.0');
  for (const n of [0, 1, 2]) {
    await checkbox(step(page, n)).check();
    await expect(step(page, n)).toHaveAttribute('data-status', 'done');
  }
  await page.getByRole('button', { name: 'End run…' }).click();
  const end = page.getByRole('dialog', { name: 'End the run' });
  await expect(end.getByRole('region', { name: 'Outcome to be recorded' })).toContainText('It will be recorded as RECOVERED');
  await end.getByRole('button', { name: 'End run' }).click();
  await expect(end).toBeHidden();
  await expect(page.locator('.run-head')).toContainText('ENDED: RECOVERED (read-only)');

  // The report screen, reached with the keyboard from the run header.
  const reportLink = page.locator('.run-head').getByRole('link', { name: 'Report' });
  await reportLink.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/run/${runId}/report$`));
  await expect(page.getByRole('heading', { name: 'Report: Quarterly restore drill' })).toBeVisible();

  // Preview: the engine's HTML in a sandboxed srcdoc frame, styled (the CSP admits its stylesheet).
  const frameEl = page.locator('iframe[title="Unsigned report preview"]');
  await expect(frameEl).toHaveAttribute('sandbox', '');
  const preview = page.frameLocator('iframe[title="Unsigned report preview"]');
  await expect(preview.locator('h1')).toHaveText('Quarterly restore drill');
  await expect(preview.locator('.verdict').first()).toHaveText('UNSIGNED PREVIEW — not valid as evidence until it is signed and exported.');
  await expect(preview.locator('body')).toContainText('Check the row counts');
  expect(await preview.locator('h1').evaluate((h) => getComputedStyle(h).fontSize)).toBe('24px'); // 18pt from REPORT_CSS
  expect(await page.evaluate(() => document.querySelectorAll('.report h1, .report .signoff').length)).toBe(0); // not in the app's DOM
  if (shots) {
    // The viewport, not fullPage: headless Chromium leaves the frame blank in full-page shots.
    await frameEl.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, 'report-preview.png') });
  }

  // A wrong passphrase is refused with the reason; nothing is signed.
  const exportForm = page.getByRole('form', { name: 'Sign and export the report' });
  await exportForm.getByLabel('Passphrase of the signing key').fill('not the passphrase');
  await exportForm.getByRole('button', { name: 'Sign and export PDF' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'wrong passphrase' })).toBeVisible({ timeout: 30_000 });
  await expect(exportForm.getByLabel('Passphrase of the signing key')).toHaveValue('');

  // Sign and export: progress while the server's Chromium prints and the keys sign.
  await exportForm.getByLabel('Passphrase of the signing key').fill(PASSPHRASE);
  await exportForm.getByRole('button', { name: 'Sign and export PDF' }).click();
  const done = page.getByRole('status', { name: 'Signed report' });
  await expect(done).toContainText('Signed report saved', { timeout: 60_000 });
  await expect(done).toContainText(`${ACTOR}, ACME Corp`);
  const file = (await done.locator('dd code').first().textContent())!;
  expect(file.startsWith(path.join(server.dataDir, 'runs', runId, 'reports'))).toBe(true);
  expect(file).toMatch(/\.pdf$/);
  expect(existsSync(file)).toBe(true);
  await expect(done.locator('code.hash').first()).toHaveText(/^[0-9a-f]{64}$/);
  await expect(done).toContainText(cert);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  expect(text).toContain('Quarterly restore drill');
  expect(text).toContain(`Signed by ${ACTOR}`);
  // Browser mode offers the very same signed bytes as a download, not only the path.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    done.getByRole('link', { name: 'Download the signed PDF' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(path.basename(file));
  expect(readFileSync((await download.path())!).equals(readFileSync(file))).toBe(true);
  // The report page links straight to the signing identity in Settings, and back.
  await page.getByRole('link', { name: 'Signing identity in Settings' }).click();
  await expect(page.getByRole('region', { name: 'Signing identity' })).toBeFocused();
  await page.getByRole('link', { name: '← Back to the report' }).first().click();
  await expect(page).toHaveURL(new RegExp(`#/run/${runId}/report$`));
  await expect(page.getByRole('form', { name: 'Sign and export the report' })).toBeVisible();

  // Verify: each check shown, all ok.
  await page.getByRole('button', { name: 'Verify' }).click();
  const result = page.locator('.verify-result');
  await expect(result).toContainText('VALID: every check holds.', { timeout: 30_000 });
  const checks = page.getByRole('list', { name: 'Checks' }).getByRole('listitem');
  expect(await checks.count()).toBeGreaterThanOrEqual(7);
  await expect(page.getByRole('list', { name: 'Checks' }).locator('li[data-ok="false"]')).toHaveCount(0);
  for (const name of ['pdf-signature', 'record-signature', 'journal-chain', 'journal-head', 'runbook', 'evidence']) {
    // The check's own name, not one that starts with it (evidence, evidence-unrecorded).
    await expect(checks.filter({ hasText: new RegExp(`ok\\s*${name}(?![\\w-])`) })).toContainText('✓ ok');
  }
  if (shots) await page.screenshot({ path: path.join(shots, 'report-signed.png'), fullPage: true });

  // The run list shows which runs have a signed report.
  await page.getByRole('link', { name: '← Back to the run' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
  const row = page.locator('.run-row').filter({ hasText: 'Quarterly restore drill' });
  await expect(row).toContainText('✓ RECOVERED · 3 done of 3 steps');
  // The list answers before the report is verified ("… CHECKING REPORT", no verdict); the
  // engine's runs.reports-checked event reloads it with the verdict.
  await expect(row.locator('.badge').filter({ hasText: /REPORT/ })).toHaveText(/^(… CHECKING REPORT|✓ SIGNED REPORT)$/);
  await expect(row.locator('.badge-signed')).toHaveText('✓ SIGNED REPORT', { timeout: 30_000 });
  await expect(row.locator('.badge-report-checking')).toHaveCount(0);
  await expect(row.locator('.badge-signed')).toHaveAttribute(
    'title',
    /^1 signed report kept with this run; the newest, reports\/[^,]+\.pdf, verifies: verified: pdf-signature, /,
  );

  expect(cspViolations).toEqual([]);
});
