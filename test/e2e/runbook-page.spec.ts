// The runbook page as a commander meets it: the phase/budget overview before the start form,
// descriptions rendered as markdown (a code span stays as written), T0 quick choices, who is
// added as commander, and typed parameters checked as you type; then the run shows the command
// with this run's values marked.
import { renderCommand } from '../../core/exec/command-render';
import { expect, test } from './fixtures';
import { ACTOR, card, openApp } from './helpers';

const TYPED = `---
id: e2e-typed
title: Typed restore
version: 1.0.0
rto: 4h
params:
  port: { type: integer, required: true }
  window: { type: duration, default: 5m }
  at: { type: timestamp, description: Restore to this instant }
  status: { type: url }
  db_host: { type: hostname }
  ticket: { pattern: "INC-[0-9]+" }
---

# Assess {budget=30m}

- [ ] Declare the incident {id=declare}
- [ ] Check the backup age

  Set \`max_age\` to the RPO and keep \`min_size\` sane.

# Restore {budget=2h}

- [ ] Stop the writers
- [ ] Tell the team

## Restore the database {id=restore}

Runs \`pg_restore\` on **this machine**.

\`\`\`bash {host=local timeout=1m}
echo restore --port {{port}} --ticket "{{ticket}}"
\`\`\`

# Verify {budget=1h}

- [ ] Smoke test
`;

test.use({ extraRunbooks: { 'typed.md': TYPED } });

const pad = (n: number) => String(n).padStart(2, '0');
const localInput = (d: Date) =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;

test('runbook page: overview first, markdown, T0 choices, commander, typed parameters, command as it will run', async ({
  page,
  server,
}) => {
  await openApp(page, server.url);
  const c = card(page, 'e2e-typed');
  await c.getByRole('link', { name: 'Open 1.0.0' }).click();
  await expect(page).toHaveURL(/#\/runbook\/e2e-typed\/1\.0\.0$/);

  // Overview: phase, budget, cumulative deadline, step count; above the start form.
  const overview = page.getByRole('region', { name: 'Phases and budgets' });
  const rows = overview.locator('tbody tr');
  await expect(rows).toHaveCount(3);
  const cells = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent!.trim())));
  expect(cells).toEqual([
    ['Assess', '30m', 'T0+30m', '2'],
    ['Restore', '2h', 'T0+2h30m', '3'],
    ['Verify', '1h', 'T0+3h30m', '1'],
  ]);
  await expect(overview.locator('tfoot')).toContainText('6');
  const form = page.getByRole('form', { name: 'Start a run of e2e-typed@1.0.0' });
  const [ob, fb] = [await overview.boundingBox(), await form.boundingBox()];
  expect(ob!.y + ob!.height).toBeLessThanOrEqual(fb!.y);

  // Markdown: code spans as written, no stray backticks.
  const preview = page.getByRole('region', { name: 'Checklist preview' });
  await expect(preview.locator('code', { hasText: /^max_age$/ })).toHaveCount(1);
  await expect(preview.locator('code', { hasText: /^pg_restore$/ })).toHaveCount(1);
  await expect(preview.locator('strong', { hasText: 'this machine' }).first()).toBeVisible();
  const prose = await preview.locator('.md').allTextContents();
  expect(prose.join('\n')).not.toContain('`');

  // Who is added as commander, in words, following "Your name" and the list.
  const who = form.locator('.participants-commander');
  await expect(who).toContainText(`${ACTOR} (you, from “Your name”) is added as commander.`);
  await form.getByRole('button', { name: 'Add person' }).click();
  await form.getByLabel('Person 1 name').fill(ACTOR);
  await form.getByLabel('Person 1 role').fill('dba');
  await expect(who).toContainText(`${ACTOR} is listed below as dba, so is not added again as commander.`);
  await form.getByRole('button', { name: 'Remove person 1' }).click();

  // T0 quick choices.
  const t0 = form.getByLabel(/^T0 — incident declared at/);
  for (const [name, minutes] of [
    ['15 minutes ago', 15],
    ['30 minutes ago', 30],
    ['1 hour ago', 60],
    ['now', 0],
  ] as const) {
    const before = localInput(new Date(Date.now() - minutes * 60_000));
    await form.getByRole('button', { name: `T0 ${name}` }).click();
    const after = localInput(new Date(Date.now() - minutes * 60_000));
    expect([before, after]).toContain(await t0.inputValue());
  }
  await form.getByRole('button', { name: 'T0 exact time' }).click();
  await expect(t0).toBeFocused();

  // Each type: its expectation shown, a bad value refused as you type, a good one accepted.
  const cases: [string, string, RegExp, string][] = [
    ['port', '54x', /parameter "port" expects a whole number/, '5432'],
    ['window', '5 minutes', /parameter "window" expects a duration/, '1h30m'],
    ['at', '2026-03-01T14:30', /parameter "at" expects a timestamp with a UTC offset/, '2026-03-01T14:30:00+01:00'],
    ['status', 'status.example.com', /parameter "status" expects a URL with a scheme/, 'https://status.example.com/1'],
    ['db_host', 'db_1', /parameter "db_host" expects a hostname/, 'db-1.example.com'],
    ['ticket', 'see INC-42', /parameter "ticket" must match the pattern INC-\[0-9\]\+/, 'INC-42'],
  ];
  await expect(form.locator('#param-port-hint')).toHaveText(/integer: a whole number/);
  await expect(form.locator('#param-ticket-hint')).toHaveText('Expects must match the pattern INC-[0-9]+.');
  for (const [name, bad, message] of cases) {
    const input = form.locator(`#param-${name}`);
    await input.fill(bad);
    await expect(form.locator(`#param-${name}-error`)).toHaveText(message);
    await expect(input).toHaveAttribute('aria-invalid', 'true');
  }
  // A misfit keeps the form from being sent.
  await form.getByRole('button', { name: 'Start drill' }).click();
  await expect(page).toHaveURL(/#\/runbook\/e2e-typed\/1\.0\.0$/);
  for (const [name, , , good] of cases) {
    await form.locator(`#param-${name}`).fill(good);
    await expect(form.locator(`#param-${name}-error`)).toHaveCount(0);
    await expect(form.locator(`#param-${name}`)).not.toHaveAttribute('aria-invalid');
  }
  await form.getByRole('button', { name: 'Start drill' }).click();
  await expect(page).toHaveURL(/#\/run\/[^/]+$/);

  // The command as it will run: the executor's quoting, each value marked.
  const restore = page.locator('li.run-step', { hasText: 'Restore the database' });
  const asRun = restore.locator('.command-as-run pre');
  // Exactly the executor's rendering: inside double quotes the quote is closed around the value.
  const script = 'echo restore --port {{port}} --ticket "{{ticket}}"';
  await expect(asRun).toHaveText(renderCommand(script, { port: '5432', ticket: 'INC-42' }));
  await expect(asRun).toHaveText(`echo restore --port '5432' --ticket ""'INC-42'""`);
  await expect(asRun.locator('mark.param-value')).toHaveText(["'5432'", `"'INC-42'"`]);
  await expect(restore.getByText('Runs on: this machine (local)')).toBeVisible();
});
