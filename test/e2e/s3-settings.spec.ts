// S3 through the real UI and a real endpoint (s3rver on loopback): Settings → S3 → keys → Test
// connection → Library → Pull, the pulled runbook appears and starts; an ended run is archived;
// then the endpoint stops: Pull fails in place within seconds and the library keeps working.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { expect, test } from './fixtures';
import { card, openApp } from './helpers';
import { S3RVER_KEYS, startS3rver, type TestS3 } from '../env/s3rver';

const PULLED = `---
id: e2e-from-s3
title: Restore pulled from S3
version: 2.0.0
rto: 2h
---

# Recover {budget=1h}

- [ ] Declare the incident {id=declare}
- [ ] Restore the service {id=restore}
`;

// Written by this test so it can be looked for in settings.json (s3rver checks only the key id).
const SECRET = 'e2e-secret-access-key-do-not-store';

let s3: TestS3;
test.beforeAll(async () => {
  s3 = await startS3rver(['dr-runbooks', 'dr-evidence']);
  const client = new S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: S3RVER_KEYS });
  await client.send(new PutObjectCommand({ Bucket: 'dr-runbooks', Key: 'e2e/e2e-from-s3/e2e-from-s3-2.0.0.md', Body: PULLED }));
  client.destroy();
});
test.afterAll(async () => {
  await s3?.cleanup();
});

test('S3: settings, keys, test connection, pull, archive; offline pull fails in place', async ({ page, server }) => {
  await openApp(page, server.url);
  await page.getByRole('link', { name: 'Settings' }).click();

  const form = page.getByRole('form', { name: 'S3 settings' });
  await form.getByLabel('Region').fill('us-east-1');
  await form.getByLabel(/Endpoint/).fill(s3.endpoint);
  await expect(form.getByLabel(/Path-style/)).toBeChecked(); // the default with an endpoint
  await form.getByLabel('Runbook library location').fill('s3://dr-runbooks/e2e/');
  await form.getByLabel('Run archive location').fill('s3://dr-evidence/e2e/');
  await form.getByRole('button', { name: 'Save S3 settings' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved.');

  const keys = page.getByRole('form', { name: 'Access keys' });
  await expect(keys.getByRole('status')).toContainText('Keys: not stored');
  await keys.getByLabel('Access key ID').fill(S3RVER_KEYS.accessKeyId);
  await keys.getByLabel('Secret access key').fill(SECRET);
  await keys.getByRole('button', { name: 'Store keys' }).click();
  await expect(keys.getByRole('status')).toHaveText('Keys: stored (in memory until Drillbook stops)');
  await expect(keys.getByLabel('Secret access key')).toHaveValue('');
  const settingsFile = readFileSync(path.join(server.dataDir, 'settings.json'), 'utf8');
  expect(JSON.parse(settingsFile)).toMatchObject({ s3: { endpoint: s3.endpoint, library: 's3://dr-runbooks/e2e/' } });
  expect(settingsFile).not.toContain(SECRET);

  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByText(`✓ Connected to ${s3.endpoint}`)).toBeVisible();
  const checks = page.getByRole('list', { name: 'Connection checks' });
  await expect(checks.locator('[data-target="library"]')).toContainText(/library s3:\/\/dr-runbooks\/e2e\/: OK — .*\(\d+ ms\)/);
  await expect(checks.locator('[data-target="archive"]')).toContainText('OK');

  await page.getByRole('link', { name: 'Library' }).first().click();
  await expect(page.getByText('Library never synced')).toBeVisible();
  await expect(card(page, 'e2e-from-s3')).toHaveCount(0);
  await page.getByRole('button', { name: 'Pull from S3' }).click();
  await expect(card(page, 'e2e-from-s3')).toBeVisible();
  await expect(page.getByText('Library synced just now')).toBeVisible();
  await expect(page.getByText(/Pulled 1 version from s3:\/\/dr-runbooks\/e2e\//)).toBeVisible();

  // The pulled version is a library version like any other: start a drill, end it, archive it.
  await card(page, 'e2e-from-s3').getByRole('link', { name: 'Open 2.0.0' }).click();
  await page.getByRole('form', { name: 'Start a run of e2e-from-s3@2.0.0' }).getByRole('button', { name: 'Start drill' }).click();
  await expect(page).toHaveURL(/#\/run\/[^/]+$/);
  await page.getByRole('button', { name: 'End run…' }).click();
  const end = page.getByRole('dialog', { name: 'End the run' });
  await end.getByLabel('Aborted').check();
  await end.getByLabel('Reason (required)').fill('S3 drill over');
  await end.getByRole('button', { name: 'End run' }).click();
  await expect(end).toBeHidden();
  await page.getByRole('link', { name: 'Library' }).first().click();
  const row = page.locator('.run-row').first();
  await row.getByRole('button', { name: /^Archive run Restore pulled from S3/ }).click();
  await expect(row.getByRole('status')).toContainText('✓ Archived');
  await expect(row.getByRole('status')).toContainText('s3://dr-evidence/e2e/');

  // Offline: the pull fails fast, in place; the pulled runbook is still there and opens.
  await s3.stop();
  const started = Date.now();
  await page.getByRole('button', { name: 'Pull from S3' }).click();
  await expect(page.getByRole('alert')).toContainText(/Pull failed: connection refused by http:\/\/127\.0\.0\.1:\d+/);
  expect(Date.now() - started).toBeLessThan(5000);
  await expect(page.getByRole('button', { name: 'Pull from S3' })).toBeEnabled();
  await expect(card(page, 'e2e-from-s3')).toBeVisible();
  await card(page, 'e2e-from-s3').getByRole('link', { name: 'Open 2.0.0' }).click();
  await expect(page.getByRole('form', { name: 'Start a run of e2e-from-s3@2.0.0' })).toBeVisible();
});
