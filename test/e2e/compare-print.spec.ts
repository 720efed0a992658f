// Compare versions and the paper checklist on the runbook page, in browser mode against the real
// server: two versions of a runbook (one step added, one removed, one moved, one changed) are
// compared with the keyboard alone, then "Print checklist" makes a real PDF (the server's
// Chromium) that is kept in the data dir, offered as a download, and read back with pdftotext.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures';
import { card, openApp } from './helpers';

const V1 = `---
id: e2e-compare
title: Compare drill
version: 1.0.0
rto: 2h
---

# Assessment {budget=30m}

- [ ] Declare the incident {id=declare}
- [ ] Identify the scope {id=scope}
- [ ] Freeze deployments {id=freeze}

# Recovery {budget=1h}

## Restore the database {id=restore estimate=20m}

\`\`\`bash {host=local}
echo restore
\`\`\`
`;

const V2 = V1.replace('version: 1.0.0', 'version: 1.1.0')
  .replace('- [ ] Identify the scope {id=scope}\n', '')
  .replace('- [ ] Freeze deployments {id=freeze}\n', '- [ ] Freeze deployments {id=freeze}\n- [ ] Page the DBA {id=page-dba}\n')
  .replace('- [ ] Declare the incident {id=declare}\n', '')
  .replace('# Recovery {budget=1h}\n', '# Recovery {budget=1h}\n\n- [ ] Declare the incident {id=declare}\n')
  .replace('echo restore', 'echo restore --verify');

const shots = process.env.DRILLBOOK_SHOTS;

test.use({ extraRunbooks: { 'compare-1.0.0.md': V1, 'compare-1.1.0.md': V2 } });

test('compare two versions from the keyboard, then print the paper checklist', async ({ page, server }) => {
  test.setTimeout(90_000);
  await openApp(page, server.url);
  const c = card(page, 'e2e-compare');
  await c.getByLabel('Version').selectOption('1.1.0');
  await c.getByRole('link', { name: 'Open 1.1.0' }).click();
  await expect(page).toHaveURL(/#\/runbook\/e2e-compare\/1\.1\.0$/);

  const panel = page.getByRole('region', { name: 'Compare versions' });
  const from = panel.getByLabel('From');
  const to = panel.getByLabel('To');
  // Defaults: the version shown, against the one before it.
  await expect(to).toHaveValue('1.1.0');
  await expect(from).toHaveValue('1.0.0');

  // Keyboard only: focus the From select, Tab to To, Tab to Compare, Enter.
  await from.focus();
  await page.keyboard.press('Tab');
  await expect(to).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(panel.getByRole('button', { name: 'Compare' })).toBeFocused();
  await page.keyboard.press('Enter');

  await expect(panel.getByRole('status')).toHaveText('1.0.0 → 1.1.0: 1 step added, 1 removed, 1 moved, 1 changed');
  const stepsList = panel
    .getByRole('region', { name: 'Step changes' })
    .getByRole('listitem')
    .filter({ has: page.locator('.diff-mark') });
  await expect(stepsList).toHaveCount(4);
  await expect(stepsList.filter({ hasText: 'Page the DBA' })).toContainText('Added');
  await expect(stepsList.filter({ hasText: 'Identify the scope' })).toContainText('Removed');
  await expect(stepsList.filter({ hasText: 'Declare the incident' })).toContainText('Moved');
  await expect(stepsList.filter({ hasText: 'Declare the incident' })).toContainText('from Assessment #1 to Recovery #1');
  const changed = stepsList.filter({ hasText: 'Restore the database' });
  await expect(changed).toContainText('Changed');
  await expect(changed.locator('ins')).toHaveText(' --verify');
  if (shots) {
    await panel.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: path.join(shots, 'compare-versions.png') });
  }

  // The other direction: the same change reads the other way round.
  await from.selectOption('1.1.0');
  await to.selectOption('1.0.0');
  await panel.getByRole('button', { name: 'Compare' }).press('Enter');
  await expect(panel.getByRole('status')).toHaveText('1.1.0 → 1.0.0: 1 step added, 1 removed, 1 moved, 1 changed');
  await expect(panel.getByRole('region', { name: 'Step changes' }).locator('del')).toHaveText(' --verify');

  // Paper fallback: a real PDF, kept in the data dir and offered as a download.
  const paper = page.getByRole('region', { name: 'Paper fallback' });
  await paper.getByRole('button', { name: 'Print checklist' }).click();
  const done = paper.getByRole('status', { name: 'Printed checklist' });
  await expect(done).toContainText('Checklist saved', { timeout: 30_000 });
  const kept = path.join(server.dataDir, 'checklists', 'e2e-compare@1.1.0-checklist.pdf');
  await expect(done).toContainText(kept);
  expect(existsSync(kept)).toBe(true);
  const sha = createHash('sha256')
    .update(readFileSync(path.join(server.runbooksDir!, 'compare-1.1.0.md')))
    .digest('hex');
  await expect(done).toContainText(sha);

  const [download] = await Promise.all([page.waitForEvent('download'), paper.getByRole('link', { name: /Download/ }).click()]);
  expect(download.suggestedFilename()).toBe('e2e-compare@1.1.0-checklist.pdf');
  const saved = await download.path();
  expect(readFileSync(saved).equals(readFileSync(kept))).toBe(true);
  const text = execFileSync('pdftotext', ['-layout', saved, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  expect(text).toContain(`e2e-compare@1.1.0 · SHA-256 ${sha}`);
  expect(text).toMatch(/Deadline T0 \+ 30m = _{8}/);
  expect(text).toMatch(/Deadline T0 \+ 1h30m = _{8}/);
  expect(text).toContain('2.1 Declare the incident');
});
