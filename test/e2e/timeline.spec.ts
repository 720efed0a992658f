// The timeline in the run view: done, skipped, failed and running bars each drawn with their
// own pattern (read from the very SVG the page shows), full step names as tooltips, and a bar
// that jumps to its step in the checklist, by keyboard.
import { expect, test } from './fixtures';
import { checkbox, openApp, startDrill, step } from './helpers';

const RUNBOOK = `---
id: e2e-timeline
title: Timeline states
version: 1.0.0
rto: 1h
---

# Restore {budget=30m}

- [ ] Page the on-call DBA {id=page estimate=5m}
- [ ] Freeze deploys for every service in the payments and orders clusters until told {id=freeze estimate=5m}

## Check the row counts {id=counts estimate=5m continue-on-failure}

\`\`\`bash {host=local timeout=1m}
exit 3
\`\`\`

## Copy the archive {id=copy estimate=10m}

\`\`\`bash {host=local timeout=5m}
sleep 120
\`\`\`
`;

test.use({ extraRunbooks: { 'timeline.md': RUNBOOK } });

test('bars of different states look different; a bar jumps to its step', async ({ page, server }) => {
  test.setTimeout(90_000);
  await openApp(page, server.url);
  await startDrill(page, 'e2e-timeline', '1.0.0');
  await checkbox(step(page, 0)).check();
  await expect(step(page, 0)).toHaveAttribute('data-status', 'done');
  await step(page, 1).getByRole('button', { name: 'Skip…' }).click();
  await page.getByRole('dialog').getByLabel('Reason for skipping').fill('Deploys already frozen');
  await page.getByRole('dialog').getByRole('button', { name: 'Skip step' }).click();
  await expect(step(page, 1)).toHaveAttribute('data-status', 'skipped');
  await step(page, 2).getByRole('button', { name: 'Run', exact: true }).click();
  await expect(step(page, 2)).toHaveAttribute('data-status', 'failed', { timeout: 20_000 });
  await step(page, 3).getByRole('button', { name: 'Run', exact: true }).click();
  await expect(step(page, 3)).toHaveAttribute('data-status', 'running', { timeout: 20_000 });

  await page.getByRole('button', { name: 'Timeline' }).click();
  const panel = page.getByRole('region', { name: 'Timeline' });
  const img = panel.locator('img.timeline-img');
  await expect(img).toBeVisible();
  // The SVG the page shows, parsed by the browser: each bar's fill is a pattern of its state.
  await expect
    .poll(async () =>
      img.evaluate((el: HTMLImageElement) => {
        const svg = decodeURIComponent(el.src.replace(/^data:image\/svg\+xml;charset=utf-8,/, ''));
        const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
        const fill = (id: string) => doc.querySelector(`g.step-row[data-id="${id}"] rect.actual`)?.getAttribute('fill');
        return ['page', 'freeze', 'counts', 'copy'].map(fill);
      }),
    )
    .toEqual(['url(#bar-done)', 'url(#bar-skipped)', 'url(#bar-failed)', 'url(#bar-running)']);

  // Each step row has a jump button with the full title as its tooltip.
  const freeze = panel.getByRole('button', { name: /^Go to step: Freeze deploys for every service/ });
  await expect(freeze).toHaveAttribute(
    'title',
    'Freeze deploys for every service in the payments and orders clusters until told (skipped)',
  );
  const jumps = panel.locator('button.timeline-jump');
  await expect(jumps).toHaveCount(4);
  // The buttons lie over their rows, in order, inside the image.
  const box = (await img.boundingBox())!;
  let last = box.y;
  for (const b of await jumps.all()) {
    const r = (await b.boundingBox())!;
    expect(r.y).toBeGreaterThanOrEqual(last - 0.5);
    expect(r.y + r.height).toBeLessThanOrEqual(box.y + box.height + 0.5);
    last = r.y + r.height;
  }

  // Keyboard: focus the failed step's bar and press Enter; the checklist opens on that step.
  const counts = panel.getByRole('button', { name: /^Go to step: Check the row counts \(failed/ });
  await counts.focus();
  await page.keyboard.press('Enter');
  await expect(panel).toBeHidden();
  await expect(page.locator('li.run-step[data-step-id="counts"]')).toBeFocused();
  await expect(page.locator('li.run-step[data-step-id="counts"]')).toBeInViewport();
});
