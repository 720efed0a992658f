// UI steps shared by the specs, written the way a user does them (labels, roles, keys).
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

export const ACTOR = 'Jane Commander';

/** First launch asks who is at the keyboard; answer it. */
export async function openApp(page: Page, url: string, actor = ACTOR): Promise<void> {
  await page.goto(url);
  const dialog = page.getByRole('dialog', { name: 'Who is at the keyboard?' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Your name').fill(actor);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: `You are ${actor}; change name` })).toBeVisible();
}

export const card = (page: Page, id: string): Locator => page.locator(`.runbook-card[data-runbook-id="${id}"]`);

/** From the library: open a version, start a drill (filling any required parameter), land on the run. */
export async function startDrill(page: Page, id: string, version: string): Promise<string> {
  const c = card(page, id);
  await c.getByLabel('Version').selectOption(version);
  await c.getByRole('link', { name: `Open ${version}` }).click();
  await expect(page).toHaveURL(new RegExp(`#/runbook/${id}/${version.replace(/\./g, '\\.')}$`));
  const form = page.getByRole('form', { name: `Start a run of ${id}@${version}` });
  await expect(form.getByLabel('Drill (practice)')).toBeChecked();
  await expect(form.getByLabel('Your name')).toHaveValue(ACTOR);
  for (const input of await form.locator('input[id^="param-"][required]').all()) {
    if (!(await input.inputValue())) await input.fill('2026-01-01T00:00:00Z');
  }
  await form.getByRole('button', { name: 'Start drill' }).click();
  await expect(page).toHaveURL(/#\/run\/[^/]+$/);
  await expect(page.locator('.run-head .badge')).toHaveText('DRILL');
  return decodeURIComponent(page.url().split('#/run/')[1]!);
}

export const steps = (page: Page): Locator => page.locator('li.run-step');
export const step = (page: Page, n: number): Locator => steps(page).nth(n);
export const checkbox = (s: Locator): Locator => s.getByRole('checkbox');
