// Library → Import in browser mode against the real server and importer: a wiki page becomes a
// draft shown beside its source with what was not mapped marked; the reviewer sets the id, RTO
// and host role, saves, and the runbook is in the library.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { card, openApp } from './helpers';

const PAGE = `# Web tier recovery

| Field | Value |
| --- | --- |
| Owner | Web Ops |
| Version | 1.2 |

RTO: 2 hours

<div class="confluence-macro">toc</div>

![diagram](arch.png)

## Phase 1: Assessment (0-30 min)

1. Confirm the outage with monitoring
2. Page the on-call web engineer

## Phase 2: Recovery (30-90 min)

\`\`\`bash
systemctl restart nginx
\`\`\`

- [ ] Check the home page loads
`;
/** A line of the draft editor, matched whole. */
const draftLine = (page: Page, text: string) =>
  page.locator('.cm-line').filter({ hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });
const lineOf = (text: string) => PAGE.split('\n').findIndex((l) => l.includes(text)) + 1;

test('import: source beside the draft, unmapped parts marked, details applied, saved into the library', async ({ page, server }) => {
  await openApp(page, server.url);
  await page.getByRole('link', { name: 'Import documents…' }).click();
  await expect(page).toHaveURL(/#\/import$/);
  await page
    .getByLabel(/pick files, or drop them here/)
    .setInputFiles({ name: 'web.md', mimeType: 'text/markdown', buffer: Buffer.from(PAGE) });

  const source = page.getByRole('region', { name: 'Source document' });
  await expect(source).toContainText('systemctl restart nginx');
  // What was not mapped stands out in the source, and is listed with its line.
  const unmapped = source.locator('li.src-unmapped');
  await expect(unmapped).toHaveCount(2);
  await expect(unmapped.nth(0)).toHaveAttribute('data-line', String(lineOf('confluence-macro')));
  await expect(unmapped.nth(1)).toHaveAttribute('data-line', String(lineOf('arch.png')));
  const list = page.getByRole('region', { name: 'Not mapped' });
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await expect(list).toContainText(`line ${lineOf('confluence-macro')}`);
  await expect(list).toContainText('raw HTML');

  const draft = page.getByRole('textbox', { name: 'Draft runbook markdown' });
  await expect(draft).toBeVisible();
  await expect(draftLine(page, 'id: web-tier-recovery')).toHaveCount(1);
  await expect(draftLine(page, '# Phase 1: Assessment {budget=30m}')).toHaveCount(1);
  await expect(page.getByText('No lint errors.')).toBeVisible();

  const details = page.getByRole('form', { name: 'Runbook details' });
  await details.getByLabel('Id').fill('web-tier');
  await details.getByLabel('RTO').fill('3h');
  await details.getByLabel('Host role for commands').fill('web');
  await details.getByRole('button', { name: 'Apply to the draft' }).click();
  await expect(draftLine(page, 'id: web-tier')).toHaveCount(1);
  await expect(draftLine(page, 'rto: 3h')).toHaveCount(1);
  await expect(draftLine(page, '```bash {host=web}')).toHaveCount(1);
  await expect(page.getByText('No lint errors.')).toBeVisible();

  await page.getByRole('button', { name: 'Save to my runbooks' }).click();
  const file = path.join(server.dataDir, 'library', 'web-tier', 'web-tier-1.2.0.md');
  await expect(page.getByRole('status').filter({ hasText: 'Saved as' })).toContainText(`Saved as web-tier@1.2.0 in ${file}`);
  const saved = readFileSync(file, 'utf8');
  expect(saved).toContain('id: web-tier\n');
  expect(saved).toContain('host=web');

  await page.getByRole('link', { name: '← Library' }).click();
  const c = card(page, 'web-tier');
  await expect(c).toBeVisible();
  await expect(c.getByLabel('Version')).toHaveValue('1.2.0');
  await expect(c).toContainText('3h');
});

const HTML = `<!DOCTYPE html>
<html><head><title>Storage failover</title>
<script>window.pwned = 1</script>
</head>
<body>
<h1>Storage failover</h1>
<p>RTO: 1 hour</p>
<h2>Phase 1: Failover (0-30 min)</h2>
<ol>
<li>Announce the failover <img src="x" onerror="window.pwned = 2"></li>
<li>Promote the replica</li>
</ol>
<pre><code class="language-bash">storagectl promote replica-1</code></pre>
</body></html>
`;
const htmlLine = (text: string) => HTML.split('\n').findIndex((l) => l.includes(text)) + 1;

test('import: a wiki HTML export with a script is shown as text, its script and handler marked unmapped, never run', async ({
  page,
  server,
}) => {
  await openApp(page, server.url);
  await page.goto(`${server.base}#/import`);
  await page
    .getByLabel(/pick files, or drop them here/)
    .setInputFiles({ name: 'storage.html', mimeType: 'text/html', buffer: Buffer.from(HTML) });

  const source = page.getByRole('region', { name: 'Source document' });
  await expect(source.locator(`li[data-line="${htmlLine('<script>')}"]`)).toHaveText('<script>window.pwned = 1</script>');
  await expect(source.locator(`li[data-line="${htmlLine('<script>')}"]`)).toHaveClass('src-unmapped');
  await expect(source.locator(`li[data-line="${htmlLine('onerror')}"]`)).toHaveClass('src-unmapped');
  const list = page.getByRole('region', { name: 'Not mapped' });
  await expect(list).toContainText(`line ${htmlLine('<script>')}`);
  await expect(list).toContainText('event handler');

  await expect(draftLine(page, '# Phase 1: Failover {budget=30m}')).toHaveCount(1);
  await expect(draftLine(page, '```bash {host=target}')).toHaveCount(1);
  await expect(page.locator('.cm-content')).not.toContainText('pwned');
  await expect(page.getByText('No lint errors.')).toBeVisible();
  // Nothing of the document ran in the app, and no element of it was created.
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  expect(await page.locator('.import img, .import script').count()).toBe(0);
});

test('import: a 3 MB wiki export (a page with an inline image) is read in browser mode, past the old 1 MiB message limit', async ({
  page,
  server,
}) => {
  // Wiki exports inline their images as data: URIs; this one's is 3 MB of base64 on one line.
  const image = Buffer.alloc(2_250_000, 7).toString('base64');
  const big = HTML.replace(
    '<h1>Storage failover</h1>',
    `<h1>Storage failover</h1>\n<p><img alt="topology" src="data:image/png;base64,${image}"></p>`,
  );
  expect(big.length).toBeGreaterThan(3_000_000);
  await openApp(page, server.url);
  await page.goto(`${server.base}#/import`);
  await page
    .getByLabel(/pick files, or drop them here/)
    .setInputFiles({ name: 'storage.html', mimeType: 'text/html', buffer: Buffer.from(big) });
  await expect(draftLine(page, '# Phase 1: Failover {budget=30m}')).toHaveCount(1);
  await expect(page.getByText('No lint errors.')).toBeVisible();
  // The page stayed connected: the request was answered, not dropped.
  await expect(page.getByText(/reconnecting/i)).toHaveCount(0);

  // Over the importer's limit, the file is refused before it is read, saying the limit.
  await page
    .getByLabel(/pick files, or drop them here/)
    .setInputFiles({ name: 'huge.html', mimeType: 'text/html', buffer: Buffer.alloc(4.5 * 1024 * 1024, 'a') });
  await expect(page.getByRole('alert').filter({ hasText: 'huge.html' })).toHaveText(
    'huge.html is 4.5 MB; documents up to 4 MB can be imported: split it',
  );
});
