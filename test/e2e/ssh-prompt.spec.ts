// An SSH question's dialog lives only as long as the step attempt that raised it, through the
// real UI against the real `drillbook serve` and a real sshd (test/env/sshd.sh, port 63661):
// the minutes spent reading a host key's fingerprint do not count against the step's timeout;
// when the attempt ends (cancelled from another client) the dialog closes in every window and
// stays closed after a reload, a late answer is refused and writes nothing, and the next attempt
// asks afresh.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { startFleet, type Fleet } from '../integration/ssh/fleet';
import { expect, test, type DrillbookServer } from './fixtures';
import { card, openApp, step } from './helpers';

const RUNBOOK = `---
id: e2e-ssh-prompt
title: Remote check
version: 1.0.0
hosts:
  db: { description: Database host }
---

# Check {budget=10m}

## Touch the database host {id=touch estimate=1m}

\`\`\`bash {host=db timeout=2s}
echo connected
\`\`\`
`;

test.use({ extraRunbooks: { 'ssh-prompt.md': RUNBOOK } });

let fleet: Fleet;
test.beforeAll(() => {
  fleet = startFleet('e2e-prompt', 1, 63660);
});
test.afterAll(() => fleet?.stop());

/** h1 in the server's inventory, its host key not yet known. */
function inventory(server: DrillbookServer): string {
  const knownHosts = path.join(server.dataDir, 'known_hosts');
  mkdirSync(server.dataDir, { recursive: true });
  writeFileSync(knownHosts, '');
  writeFileSync(
    path.join(server.dataDir, 'inventory.yaml'),
    `known_hosts: ${knownHosts}\nhosts:\n  h1: { address: 127.0.0.1, port: ${fleet.ports[0]}, user: ${fleet.user}, identity: ${fleet.key} }\n`,
  );
  return knownHosts;
}

async function startBoundDrill(page: import('@playwright/test').Page): Promise<string> {
  const c = card(page, 'e2e-ssh-prompt');
  await c.getByRole('link', { name: 'Open 1.0.0' }).click();
  const form = page.getByRole('form', { name: 'Start a run of e2e-ssh-prompt@1.0.0' });
  await form.locator('#bind-db').selectOption('h1');
  await form.getByRole('button', { name: 'Start drill' }).click();
  await expect(page).toHaveURL(/#\/run\/[^/]+$/);
  return decodeURIComponent(page.url().split('#/run/')[1]!);
}

/** One call on the engine as another client would make it (the CLI, a window elsewhere). */
function call(server: DrillbookServer, method: string, params: unknown): Promise<unknown> {
  const token = new URL(server.url).hash.replace(/^#token=/, '');
  const ws = new WebSocket(`${server.base.replace(/^http/, 'ws')}ws`, ['drillbook.v1', `drillbook.token.${token}`]);
  return new Promise((resolve, reject) => {
    ws.on('error', reject);
    ws.on('open', () => ws.send(JSON.stringify({ id: 1, method, params })));
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { kind: string; id?: number; ok?: boolean; result?: unknown; error?: { message: string } };
      if (msg.kind !== 'response' || msg.id !== 1) return;
      ws.close();
      if (msg.ok) resolve(msg.result);
      else reject(new Error(msg.error?.message));
    });
  });
}

test('the time spent on the host-key question does not count against the step timeout; accepting connects', async ({ page, server }) => {
  const knownHosts = inventory(server);
  await openApp(page, server.url);
  await startBoundDrill(page);
  await step(page, 0).getByRole('button', { name: 'Run', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Unknown host key for h1' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("The step's timeout is paused while this question is open.");
  // Longer than the step's 2 s timeout: the commander is comparing the fingerprint.
  await page.waitForTimeout(3_500);
  await expect(dialog).toBeVisible();
  await expect(step(page, 0)).toHaveAttribute('data-status', 'running');
  await dialog.getByRole('button', { name: 'Accept and connect' }).click();
  await expect(dialog).toBeHidden();
  await expect(step(page, 0)).toHaveAttribute('data-status', 'done');
  await expect(step(page, 0)).toContainText('connected');
  expect(readFileSync(knownHosts, 'utf8')).toContain(`[127.0.0.1]:${fleet.ports[0]}`);
});

test('when its attempt ends the dialog closes in every window, also after a reload; the next attempt asks afresh', async ({
  page,
  context,
  server,
}) => {
  const knownHosts = inventory(server);
  await openApp(page, server.url);
  const runId = await startBoundDrill(page);
  // A second window of the same browser (it already knows who is at the keyboard).
  const other = await context.newPage();
  await other.goto(server.url);
  await expect(card(other, 'e2e-ssh-prompt')).toBeVisible();
  await step(page, 0).getByRole('button', { name: 'Run', exact: true }).click();
  const here = page.getByRole('dialog', { name: 'Unknown host key for h1' });
  const there = other.getByRole('dialog', { name: 'Unknown host key for h1' });
  await expect(here).toBeVisible();
  await expect(there).toBeVisible();

  const [asked] = (await call(server, 'listPrompts', {})) as { promptId: string }[];
  await call(server, 'cancelStep', { runId, stepId: 'touch', actor: 'Jane Commander', reason: 'wrong host' });
  await expect(here).toBeHidden();
  await expect(there).toBeHidden();
  await expect(step(page, 0)).toHaveAttribute('data-status', 'failed');
  await other.reload();
  await expect(card(other, 'e2e-ssh-prompt')).toBeVisible();
  await expect(other.getByRole('dialog')).toHaveCount(0);
  // An answer that arrives after that (a window that had not heard yet) is refused and not applied.
  await expect(call(server, 'answerPrompt', { promptId: asked!.promptId, accept: true })).rejects.toThrow(
    'this question was withdrawn: the step it was for has ended; the answer was not applied',
  );
  expect(readFileSync(knownHosts, 'utf8')).toBe('');

  // Nothing stale blocks the next attempt: it has its own question, and accepting it connects.
  await step(page, 0).getByRole('button', { name: 'Run again' }).click();
  await expect(here).toBeVisible();
  await here.getByRole('button', { name: 'Accept and connect' }).click();
  await expect(step(page, 0)).toHaveAttribute('data-status', 'done');
});
