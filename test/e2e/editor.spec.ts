// Editing a runbook in the app (browser mode, the real server): live lint at the right line, fix
// it, save as a new minor version. The library then lists both versions, the original file is
// untouched, and a run of the old version still shows the old text.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { card, openApp, startDrill, steps } from './helpers';

const RUNBOOK = `---
id: edit-demo
title: Edit demo restore
version: 1.0.0
rto: 2h
---

# Assessment {budget=30m}

- [ ] Confirm the incident is declared {id=declare}
- [ ] Identify the scope of the failure

# Recovery {budget=1h}

- [ ] Restore the service {id=restore}
`;
const FILE = 'edit-demo-1.0.0.md';
const SCOPE_LINE = RUNBOOK.split('\n').findIndex((l) => l.includes('Identify the scope')) + 1;

test.use({ extraRunbooks: { [FILE]: RUNBOOK } });

/** The cursor to the end of a 1-based line, the way a user gets there with the keyboard. */
async function endOfLine(page: Page, line: number): Promise<void> {
  await page.keyboard.press('Control+Home');
  for (let i = 1; i < line; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
}

test('edit: a typo is marked at its line, fixed, saved as 1.1.0; the old run keeps the old text', async ({ page, server }) => {
  const refused: string[] = [];
  page.on('console', (m) => m.type() === 'error' && /Content Security Policy/i.test(m.text()) && refused.push(m.text()));
  await openApp(page, server.url);
  // A run of 1.0.0 first: it must stay pinned to what it followed.
  const runId = await startDrill(page, 'edit-demo', '1.0.0');
  await expect(steps(page).nth(1)).toContainText('Identify the scope of the failure');

  await page.goto(`${server.base}#/runbook/edit-demo/1.0.0`);
  const edit = page.getByRole('link', { name: 'Edit (save as a new version)' });
  await edit.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/runbook\/edit-demo\/1\.0\.0\/edit$/);

  const editor = page.getByRole('textbox', { name: 'Runbook markdown of edit-demo' });
  await expect(editor).toContainText('Identify the scope of the failure');
  await expect(page.getByText('No lint errors.')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Save as / })).toBeDisabled();
  // CodeMirror's own stylesheet applied under the app's CSP (its gutters are a flex row).
  await expect(page.locator('.cm-gutters')).toHaveCSS('display', 'flex');

  await editor.click();
  await endOfLine(page, SCOPE_LINE);
  await page.keyboard.type(' carefully {estimte=5m}');
  const lineText = `- [ ] Identify the scope of the failure carefully {estimte=5m}`;
  const column = lineText.indexOf('estimte') + 1;
  const findings = page.getByRole('status').filter({ hasText: 'unknown step attribute' });
  await expect(findings).toContainText(`${FILE}:${SCOPE_LINE}:${column}: unknown step attribute "estimte" (did you mean "estimate"?)`);
  // The marker sits on that line, under the attribute.
  const line = page.locator('.cm-line').nth(SCOPE_LINE - 1);
  await expect(line).toHaveText(lineText);
  await expect(line.locator('.cm-lintRange-error')).toHaveText('estimte=5m');
  await expect(page.locator('.cm-lintRange-error')).toHaveCount(1);
  await expect(page.getByRole('form', { name: 'Save as a new version' })).toContainText('Fix the 1 lint error first.');
  await expect(page.getByRole('button', { name: /^Save as / })).toBeDisabled();

  // The format reference is in the app (built in, so it opens offline), beside the draft.
  await page.getByRole('button', { name: 'open the format reference' }).click();
  const reference = page.getByRole('complementary', { name: 'Runbook format reference' });
  await expect(reference.getByRole('heading', { name: 'Step attributes' })).toBeVisible();
  await expect(reference.getByRole('row').filter({ hasText: 'continue-on-failure' })).toBeVisible();
  await reference.getByRole('button', { name: 'Close reference' }).click();
  await expect(reference).toBeHidden();

  // Leaving with unsaved changes asks; saying no keeps the draft.
  let asked = '';
  page.once('dialog', (d) => {
    asked = d.message();
    void d.dismiss();
  });
  await page.getByRole('link', { name: '← edit-demo@1.0.0' }).click();
  await expect.poll(() => asked).toContain('unsaved changes');
  await expect(page).toHaveURL(/\/edit$/);
  await expect(line).toHaveText(lineText);

  // Fix it: double-click the marked word and type the right one.
  await line.locator('.cm-lintRange-error').dblclick({ position: { x: 5, y: 5 } });
  await page.keyboard.type('estimate');
  await expect(line).toHaveText('- [ ] Identify the scope of the failure carefully {estimate=5m}');
  await expect(page.getByText('No lint errors.')).toBeVisible();
  await expect(page.locator('.cm-lintRange-error')).toHaveCount(0);
  const preview = page.getByRole('region', { name: 'Checklist preview' });
  await expect(preview).toContainText('Identify the scope of the failure carefully');
  await expect(preview).toContainText('est. 5m');

  await page.getByLabel(/^minor → 1\.1\.0/).check();
  await expect(page.getByRole('button', { name: 'Save as 1.1.0' })).toBeEnabled();
  // Ctrl+S from the text saves with the version chosen.
  await editor.click();
  await page.keyboard.press('Control+s');
  await expect(page).toHaveURL(/#\/runbook\/edit-demo\/1\.1\.0$/);
  await expect(page.getByRole('region', { name: 'Checklist preview' })).toContainText('Identify the scope of the failure carefully');

  // The original is byte for byte what it was; the new version is a new file in the user's folder.
  expect(readFileSync(path.join(server.runbooksDir!, FILE), 'utf8')).toBe(RUNBOOK);
  const saved = readFileSync(path.join(server.dataDir, 'library', 'edit-demo', 'edit-demo-1.1.0.md'), 'utf8');
  expect(saved).toBe(
    RUNBOOK.replace('version: 1.0.0', 'version: 1.1.0').replace(
      '- [ ] Identify the scope of the failure\n',
      '- [ ] Identify the scope of the failure carefully {estimate=5m}\n',
    ),
  );

  await page.getByRole('link', { name: '← Library' }).click();
  await expect(card(page, 'edit-demo').getByLabel('Version').locator('option')).toHaveText([/^1\.1\.0 \(newest\)/, /^1\.0\.0/]);

  await page.goto(`${server.base}#/run/${encodeURIComponent(runId)}`);
  await expect(steps(page).nth(1)).toContainText('Identify the scope of the failure');
  await expect(steps(page).nth(1)).not.toContainText('carefully');
  await expect(steps(page).nth(1)).not.toContainText('est. 5m');
  expect(refused).toEqual([]);
});
