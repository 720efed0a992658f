// A dialog gives the keyboard back where it took it: after Esc (or its own button) the focus is on
// the control that opened it, so a commander working by keyboard does not start over from the top.
import { expect, test } from './fixtures';
import { openApp, startDrill, step } from './helpers';

test('closing a dialog returns the focus to the button that opened it', async ({ page, server }) => {
  await openApp(page, server.url);
  await startDrill(page, 'dr-site-activation', '1.0.0');
  const opener = step(page, 1).getByRole('button', { name: 'Note…' });
  await opener.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: /^Note on/ });
  await expect(dialog.getByLabel('Note', { exact: true })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();

  // Closed by submitting, too.
  await opener.press('Enter');
  await dialog.getByLabel('Note', { exact: true }).fill('bridge line open');
  await dialog.getByRole('button', { name: 'Add note' }).click();
  await expect(dialog).toBeHidden();
  await expect(step(page, 1).locator('.note')).toContainText('bridge line open');
  await expect(opener).toBeFocused();
});
