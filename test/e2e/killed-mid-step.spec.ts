// `drillbook serve` SIGKILLed while a command step runs: after the restart the checklist shows
// that attempt interrupted, with Run again, at once — no "RUNNING since", no Cancel — because
// the restarted engine recorded it when it opened the run, with the partial output it left.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures';
import { openApp, startDrill, step } from './helpers';

const RUNBOOK = `---
id: e2e-killed
title: Killed mid-step
version: 1.0.0
rto: 1h
---

# Restore {budget=30m}

## Copy the data {id=copy estimate=5m}

\`\`\`bash {host=local timeout=10m}
echo "copied part 1"
sleep 120
\`\`\`

## Tell the team {id=tell}

Post the result in the channel.
`;

test.use({ extraRunbooks: { 'killed.md': RUNBOOK } });

test('a step running when the server is killed comes back interrupted, ready to run again', async ({ page, server }) => {
  test.setTimeout(120_000);
  await openApp(page, server.url);
  const runId = await startDrill(page, 'e2e-killed', '1.0.0');
  const copy = step(page, 0);
  await copy.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(copy).toHaveAttribute('data-status', 'running', { timeout: 20_000 });
  await expect(copy.locator('.step-status')).toContainText('RUNNING since');
  const partial = path.join(server.dataDir, 'runs', runId, 'outputs', 'copy-local-1.log');
  await expect.poll(() => existsSync(partial) && readFileSync(partial, 'utf8').includes('copied part 1'), { timeout: 20_000 }).toBe(true);

  const url = await server.restart('SIGKILL');
  await page.goto(url);
  await page.goto(new URL(`#/run/${encodeURIComponent(runId)}`, url.split('?')[0]).toString());
  await expect(copy).toHaveAttribute('data-status', 'failed', { timeout: 30_000 });
  await expect(copy.locator('.step-status')).toContainText('FAILED (interrupted) on attempt 1');
  await expect(copy.locator('.host-results')).toContainText(
    /local: interrupted: the Drillbook process running it stopped; its output, last written at /,
  );
  await expect(copy.locator('.step-status')).not.toContainText('RUNNING');
  await expect(copy.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
  await expect(copy.getByRole('button', { name: 'Run again' })).toBeVisible();

  // The journal holds it: the partial output hashed as found, then the interrupted attempt.
  const lines = readFileSync(path.join(server.dataDir, 'runs', runId, 'journal.jsonl'), 'utf8')
    .trim()
    .split('\n');
  const tail = lines
    .slice(-2)
    .map((l) => JSON.parse(l) as { actor: string; type: string; data: { outcome?: string; evidence?: { file: string } } });
  expect(tail.map((e) => `${e.type}:${e.actor}`)).toEqual(['step.host.finished:drillbook', 'step.finished:drillbook']);
  expect(tail[0]!.data.evidence?.file).toBe('outputs/copy-local-1.log');
  expect(tail[1]!.data.outcome).toBe('interrupted');
});
