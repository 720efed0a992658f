// The checklist used with the keyboard under stress, in Chromium: at 800×600 and at 200 % zoom
// (640×450 CSS px) every j/k move leaves the focused step's title and buttons in view, below the
// run header; keyboard focus never drops to <body> after a Run, a Cancel, a dialog or a change of
// route; space on a command step that may not start says why and never heads for an override.
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { card, openApp } from './helpers';

/** A description of four list lines: steps as tall as real ones. */
const body = (n: number) =>
  Array.from({ length: 4 }, (_, i) => `- Line ${i + 1} of what to check for step ${n}: read it aloud to the bridge.`).join('\n');

const RUNBOOK = `---
id: e2e-keyboard-focus
title: Keyboard focus under stress
version: 1.0.0
rto: 2h
---

# Prepare {budget=30m}

## Declare the incident {id=declare}

${body(1)}

## Copy the backup {id=copy}

${body(2)}

\`\`\`bash {host=local timeout=1m}
echo copied
\`\`\`

## Long restore {id=long}

${body(3)}

\`\`\`bash {host=local timeout=2m}
sleep 60
\`\`\`

## Page the DBA {id=page}

${body(4)}

# Restore {budget=1h}

${Array.from({ length: 6 }, (_, i) => `## Check item ${i + 5} {id=item-${i + 5}}\n\n${body(i + 5)}`).join('\n\n')}

## Promote the replica {id=promote}

${body(11)}

\`\`\`bash {host=local timeout=1m}
echo promoted
\`\`\`

## Tell everyone {id=tell}

${body(12)}
`;

const TINY = `---
id: e2e-focus-tiny
title: One-step drill
version: 1.0.0
rto: 1h
---

# Only {budget=10m}

- [ ] Say hello {id=hello}
`;

test.use({ extraRunbooks: { 'keyboard-focus.md': RUNBOOK, 'tiny.md': TINY } });

const li = (page: Page, id: string): Locator => page.locator(`li[data-step-id="${id}"]`);
/** The focused element: a step's id, else its tag (BODY when focus was dropped). */
const active = (page: Page) =>
  page.evaluate(() => {
    const a = document.activeElement;
    return a?.closest('li[data-step-id]')?.getAttribute('data-step-id') ?? a?.tagName ?? 'none';
  });

async function start(page: Page, url: string): Promise<void> {
  await openApp(page, url);
  const c = card(page, 'e2e-keyboard-focus');
  await c.getByRole('link', { name: 'Open 1.0.0' }).click();
  await page.getByRole('button', { name: 'Start drill' }).click();
  await expect(page).toHaveURL(/#\/run\/[^/]+$/);
  await expect(li(page, 'declare')).toBeVisible();
}

/** The focused step's title and buttons lie wholly in the window, none under the run header. */
async function focusedStepInView(page: Page, where: string): Promise<void> {
  const r = await page.evaluate(() => {
    const step = document.activeElement?.closest('li[data-step-id]');
    if (!step) return undefined;
    const head = document.querySelector('.run-head')!.getBoundingClientRect();
    const headPinned = getComputedStyle(document.querySelector('.run-head')!).position === 'sticky' && head.top <= 0.5;
    // Shown parts only (a compact step in focus mode hides its Run: no box).
    const parts = [step.querySelector('.step-title'), ...step.querySelectorAll('.step-actions button, button.run-step')]
      .map((el) => el!.getBoundingClientRect())
      .filter((b) => b.width > 0 && b.height > 0);
    return {
      id: step.getAttribute('data-step-id'),
      top: Math.min(...parts.map((p) => p.top)),
      bottom: Math.max(...parts.map((p) => p.bottom)),
      // A header scrolled away (not sticky) hides nothing.
      headBottom: headPinned ? Math.max(0, head.bottom) : 0,
      headTop: head.top,
      pos: getComputedStyle(document.querySelector('.run-head')!).position,
      height: window.innerHeight,
    };
  });
  expect(r, `${where}: a step has focus`).toBeDefined();
  if (process.env.DEBUG_FOCUS) console.log(where, JSON.stringify(r));
  expect(r!.top, `${where}: ${r!.id}'s title/buttons below the header (${r!.headBottom}px)`).toBeGreaterThanOrEqual(r!.headBottom - 1);
  expect(r!.bottom, `${where}: ${r!.id}'s title/buttons above the window's bottom`).toBeLessThanOrEqual(r!.height + 1);
}

for (const [label, viewport, sticky] of [
  ['800×600', { width: 800, height: 600 }, false],
  ['200 % zoom (640×450)', { width: 640, height: 450 }, false],
  ['1280×720', { width: 1280, height: 720 }, true],
] as const) {
  test(`${label}: j/k keep the focused step in view below the header, in focus mode too`, async ({ page, server }) => {
    await page.setViewportSize(viewport);
    await start(page, server.url);
    // Where the header leaves most of the window to the steps it stays on screen; else it scrolls away.
    await expect(page.locator('.run-head')).toHaveCSS('position', sticky ? 'sticky' : 'relative');
    for (const focusMode of [false, true]) {
      if (focusMode) await page.keyboard.press('f');
      await page.keyboard.press('g');
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press('j');
        await focusedStepInView(page, `j #${i + 1}${focusMode ? ' (focus mode)' : ''}`);
      }
      for (let i = 0; i < 6; i++) {
        await page.keyboard.press('k');
        await focusedStepInView(page, `k #${i + 1}${focusMode ? ' (focus mode)' : ''}`);
      }
    }
    // The timeline can be reached and seen.
    await page.getByRole('button', { name: 'Timeline' }).click();
    const timeline = page.locator('.timeline-img');
    await timeline.scrollIntoViewIfNeeded();
    await expect(timeline).toBeInViewport({ ratio: 0.3 });
  });
}

test('focus stays on the step after Run, Cancel, a note and a skip; j then moves on', async ({ page, server }) => {
  await start(page, server.url);
  await page.keyboard.press('g');
  await page.keyboard.press(' ');
  await expect(li(page, 'declare')).toHaveAttribute('data-status', 'done');
  await page.keyboard.press('j');
  expect(await active(page)).toBe('copy');
  // Space on a command step that may run goes to Run; Enter runs it.
  await page.keyboard.press(' ');
  await expect(li(page, 'copy').getByRole('button', { name: 'Run', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(li(page, 'copy')).toHaveAttribute('data-status', 'done');
  expect(await active(page)).toBe('copy');
  await page.keyboard.press('j');
  expect(await active(page)).toBe('long');

  await page.keyboard.press(' ');
  await page.keyboard.press('Enter');
  await expect(li(page, 'long')).toHaveAttribute('data-status', 'running');
  expect(await active(page)).toBe('long');
  await li(page, 'long').getByRole('button', { name: 'Cancel' }).focus();
  await page.keyboard.press('Enter');
  await expect(li(page, 'long')).toHaveAttribute('data-status', 'failed');
  expect(await active(page)).toBe('long');

  // A skip removes the Skip… button that opened it: focus comes back to the step. (The cancelled
  // attempt stays on the record: the dialog skips it despite that failure.)
  await li(page, 'long').getByRole('button', { name: 'Skip…' }).focus();
  await page.keyboard.press('Enter');
  const skip = page.getByRole('dialog');
  await skip.getByLabel('Reason for skipping').fill('Restore not needed: replica is current');
  await skip.getByRole('button', { name: 'Skip despite failure' }).click();
  await expect(li(page, 'long')).toHaveAttribute('data-status', 'skipped');
  await expect.poll(() => active(page)).toBe('long');
  await page.keyboard.press('j');
  expect(await active(page)).toBe('page');
});

test('space on a command step that may not start says why; it never moves toward an override', async ({ page, server }) => {
  await start(page, server.url);
  await page.keyboard.press('g');
  await page.keyboard.press('j');
  expect(await active(page)).toBe('copy');
  await expect(li(page, 'copy').getByRole('button', { name: 'Run', exact: true })).toBeDisabled();
  await page.keyboard.press(' ');
  await expect(page.getByRole('status').filter({ hasText: /may not start yet/ })).toContainText('Declare the incident');
  await expect(page.locator(':focus')).toHaveAttribute('data-step-id', 'copy');
  await page.keyboard.press(' ');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.locator(':focus')).toHaveAttribute('data-step-id', 'copy');

  // A note from its focused "Mark done without running…": focus comes back to that step.
  await li(page, 'copy').getByRole('button', { name: 'Mark done without running…' }).focus();
  await page.keyboard.press('n');
  const note = page.getByRole('dialog');
  await note.getByLabel('Note', { exact: true }).fill('Waiting for the declaration');
  await note.getByRole('button', { name: 'Add note' }).click();
  await expect(note).toBeHidden();
  await expect(li(page, 'copy').locator('.note')).toContainText('Waiting for the declaration');
  await expect.poll(() => active(page)).toBe('copy');
});

test('a change of route puts focus on the new page, never on <body>', async ({ page, server }) => {
  await page.goto(server.url);
  const dialog = page.getByRole('dialog', { name: 'Who is at the keyboard?' });
  await dialog.getByLabel('Your name').fill('Jane Commander');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(() => active(page)).not.toBe('BODY');
  // The next Tab stays in the page.
  await page.keyboard.press('Tab');
  await expect.poll(() => active(page)).not.toBe('BODY');

  await card(page, 'e2e-keyboard-focus').getByRole('link', { name: 'Open 1.0.0' }).click();
  await expect(page).toHaveURL(/#\/runbook\//);
  await expect(page.locator('main h2').first()).toBeFocused();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page).toHaveURL(/#\/settings/);
  await expect.poll(() => page.evaluate(() => document.querySelector('main')?.contains(document.activeElement) ?? false)).toBe(true);
  await page.goBack();
  await expect(page).toHaveURL(/#\/runbook\//);
  await expect(page.locator('main h2').first()).toBeFocused();
});

test('creating the signing identity from the keyboard: focus stays in its section, not on <body>', async ({ page, server }) => {
  await openApp(page, server.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const identity = page.getByRole('region', { name: 'Signing identity' });
  const create = identity.getByRole('form', { name: 'Create a signing identity' });
  await create.getByLabel('Passphrase', { exact: true }).fill('e2e passphrase, long enough');
  await create.getByLabel('Passphrase again').fill('e2e passphrase, long enough');
  await create.getByLabel('Passphrase again').press('Enter');
  await expect(identity.getByRole('status', { name: 'Signing identity status' })).toContainText('Ready to sign', { timeout: 30_000 });
  await expect
    .poll(() =>
      page.evaluate(() => document.activeElement?.closest('section')?.getAttribute('aria-labelledby') ?? document.activeElement?.tagName),
    )
    .toMatch(/identity/i);
});

test('a wrong passphrase when signing the report: focus comes back to the form, not <body>', async ({ page, server }) => {
  test.setTimeout(90_000);
  await openApp(page, server.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const create = page.getByRole('form', { name: 'Create a signing identity' });
  await create.getByLabel('Passphrase', { exact: true }).fill('e2e passphrase, long enough');
  await create.getByLabel('Passphrase again').fill('e2e passphrase, long enough');
  await create.getByLabel('Passphrase again').press('Enter');
  await expect(page.getByRole('status', { name: 'Signing identity status' })).toContainText('Ready to sign', { timeout: 30_000 });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
  await card(page, 'e2e-focus-tiny').getByRole('link', { name: 'Open 1.0.0' }).click();
  await page.getByRole('button', { name: 'Start drill' }).click();
  await li(page, 'hello').getByRole('checkbox').check();
  await expect(li(page, 'hello')).toHaveAttribute('data-status', 'done');
  await page.getByRole('button', { name: 'End run…' }).click();
  const end = page.getByRole('dialog', { name: 'End the run' });
  await end.getByRole('button', { name: 'End run' }).click();
  await expect(end).toBeHidden();
  await expect.poll(() => active(page)).not.toBe('BODY');
  await page.locator('.run-head').getByRole('link', { name: 'Report' }).click();
  const form = page.getByRole('form', { name: 'Sign and export the report' });
  await form.getByLabel('Passphrase of the signing key').fill('not the passphrase');
  await form.getByLabel('Passphrase of the signing key').press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'wrong passphrase' })).toBeVisible({ timeout: 30_000 });
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.closest('form')?.getAttribute('aria-label') ?? document.activeElement?.tagName))
    .toBe('Sign and export the report');
});
