// "A record an auditor can trust": runs driven through the Engine's contract calls as the UI
// makes them (real journal, real local commands and evidence files, real Chromium, signed),
// then read back with pdftotext. The report must say everything the journal says (every
// attempt, sign-off, reopen, override, skip, bypass, note, evidence hash) and never claim a
// better outcome than runOutcome() does.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChromiumPdfRenderer } from '../../../cli/pdf-chromium';
import { dispatch } from '../../../core/api';
import { Engine } from '../../../core/engine';
import type { AnyEvent } from '../../../core/run/events';
import { memorySettingsStore } from '../../../core/settings';
import { PASSPHRASE, pdftotext } from './cli-helpers';

const RUNBOOK = `---
id: truth
title: Truth drill
version: 1.0.0
rto: 2h
params:
  flag: { description: Marker file of the first migrate attempt, required: true }
---

# Prepare {budget=10m}

- [ ] Declare the incident {id=declare}
- [ ] Page the DBA {id=page}

# Restore {budget=5m}

- [ ] Approve the restore {id=approve gate=dba}

## Migrate the schema {id=migrate}

\`\`\`bash {host=local}
if [ -f {{flag}} ]; then echo "second try: migrated"; else touch {{flag}}; echo "first try: lock timeout"; exit 1; fi
\`\`\`

## Health check {id=health}

\`\`\`bash {host=local}
echo "replica lag 900s: degraded"
exit 1
\`\`\`

# Verify {budget=30m}

- [ ] Verify the data {id=verify gate=dba}
- [ ] Check row counts {id=rows}
`;

const T0 = Date.parse('2026-11-23T10:00:00.000Z');
const at = (min: number) => new Date(T0 + min * 60_000);

let base: string;
let dataDir: string;
let engine: Engine;
let now = at(0);
const renderer = new ChromiumPdfRenderer();
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are checked by the assertions; bad params are sent on purpose
const call = (method: string, params: unknown) => dispatch(engine, method, params) as Promise<any>;

/** runStep, then wait for its step.finished (the attempt runs in the background). */
async function run(runId: string, stepId: string, actor: string, endAt: Date): Promise<void> {
  const finished = new Promise<void>((resolve) => {
    const off = engine.on((e) => {
      if (e.type === 'run.event' && e.event.type === 'step.started' && e.event.data.stepId === stepId) now = endAt;
      if (e.type === 'run.event' && e.event.type === 'step.finished' && e.event.data.stepId === stepId) {
        off();
        resolve();
      }
    });
  });
  await call('runStep', { runId, stepId, actor });
  await finished;
}

async function start(flag: string): Promise<string> {
  now = at(0);
  const participants = [
    { name: 'Jane Doe', role: 'commander' },
    { name: 'Omar Haddad', role: 'dba' },
  ];
  const { state } = await call('startRun', {
    id: 'truth',
    version: '1.0.0',
    mode: 'drill',
    actor: 'Jane Doe',
    t0: at(0).toISOString(),
    params: { flag },
    participants,
  });
  return state.runId as string;
}

async function report(runId: string): Promise<{ text: string; events: AnyEvent[] }> {
  now = at(120);
  const out = await call('exportReport', { runId, actor: 'Jane Doe', timeZone: 'UTC', passphrase: PASSPHRASE });
  const verified = await call('verifyRunReport', { runId });
  expect(verified.checks.filter((c: { ok: boolean }) => !c.ok)).toEqual([]);
  const lines = (await readFile(path.join(dataDir, 'runs', runId, 'journal.jsonl'), 'utf8')).trim().split('\n');
  return { text: pdftotext(out.file), events: lines.map((l) => JSON.parse(l) as AnyEvent) };
}

/** pdftotext -layout keeps columns apart with runs of spaces and wraps long cells: one space is enough to match on. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

function journalHashes(events: AnyEvent[]): string[] {
  return [...new Set(events.flatMap((e) => (e.type === 'step.host.finished' ? [e.data.evidence.sha256] : [])))];
}

/** The SHA-256 values printed anywhere in the report (a 64-hex-digit run). */
const printedHashes = (text: string) => new Set(text.match(/\b[0-9a-f]{64}\b/g) ?? []);

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'drillbook-truth-'));
  dataDir = path.join(base, 'data');
  const lib = path.join(base, 'lib');
  await mkdir(lib, { recursive: true });
  await writeFile(path.join(lib, 'truth.md'), RUNBOOK);
  engine = await Engine.create({ dataDir, runbookDirs: [lib], settings: memorySettingsStore(), now: () => now, pdfRenderer: renderer });
  await call('initKeys', { name: 'Jane Doe', org: 'ACME Corp', passphrase: PASSPHRASE });
});
afterAll(async () => {
  await engine.close();
  await renderer.close();
  await rm(base, { recursive: true, force: true });
});

describe('a run with every kind of deviation, ended completed', () => {
  let text: string;
  let events: AnyEvent[];
  beforeAll(async () => {
    const runId = await start(path.join(base, 'flag-1'));
    now = at(1);
    await call('completeStep', { runId, stepId: 'declare', actor: 'Jane Doe', note: 'Declared in #inc-4711' });
    now = at(2);
    await call('completeStep', { runId, stepId: 'page', actor: 'Jane Doe' });
    now = at(4);
    // The gate is closed past its sign-off by someone in its role: allowed, recorded as bypassed.
    await call('skipStep', { runId, stepId: 'approve', actor: 'Omar Haddad', reason: 'Approval given by phone' });
    now = at(5);
    await run(runId, 'migrate', 'Jane Doe', at(6));
    now = at(7);
    await run(runId, 'migrate', 'Jane Doe', at(9));
    now = at(10);
    await run(runId, 'health', 'Jane Doe', at(11));
    now = at(20); // the Restore phase was due at T0+15m: late
    await call('overrideStep', { runId, stepId: 'health', actor: 'Jane Doe', reason: 'Replica lag is known, accepted by the DBA' });
    now = at(21);
    await call('signGate', { runId, stepId: 'verify', actor: 'Omar Haddad', comment: 'Data verified on the replica' });
    now = at(22);
    await call('completeStep', { runId, stepId: 'verify', actor: 'Omar Haddad' });
    now = at(23);
    await call('completeStep', { runId, stepId: 'rows', actor: 'Jane Doe' });
    now = at(24);
    await call('reopenStep', { runId, stepId: 'rows', actor: 'Jane Doe', reason: 'Counted the wrong table' });
    now = at(26);
    await call('completeStep', { runId, stepId: 'rows', actor: 'Jane Doe', note: 'Row counts match the snapshot' });
    await call('addNote', { runId, stepId: 'rows', actor: 'Omar Haddad', text: 'Follow-up: automate the row count check' });
    now = at(30);
    await expect(call('endRun', { runId, actor: 'Jane Doe', outcome: 'completed' })).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/RECOVERED WITH DEVIATIONS.*needs a reason/),
    });
    await call('endRun', { runId, actor: 'Jane Doe', outcome: 'completed', reason: 'Drill done; deviations accepted' });
    ({ text, events } = await report(runId));
  });

  it('opens with the outcome, its reasons and the counts', () => {
    const page1 = flat(text.split('\f')[0]!);
    const head = page1.slice(0, page1.indexOf('Runbook'));
    expect(head).toContain('RECOVERED WITH DEVIATIONS');
    expect(head).toContain('5 done, 1 skipped, 1 overridden of 7 steps');
    expect(head).toMatch(/1 step overridden/);
    expect(head).toMatch(/1 step skipped/);
    expect(head).toMatch(/1 step closed out of order or past a gate/);
    expect(head).toMatch(/1 phase late/);
    expect(head).toMatch(/RTO MET: 30m against a target of 2h/);
    expect(text).not.toMatch(/COMPLETED/);
    expect(flat(text)).toContain('Drill done; deviations accepted');
  });

  it('shows the failed attempt and the successful one of a rerun step', () => {
    const t = flat(text);
    const migrate = t.slice(t.indexOf('Migrate the schema migrate'), t.indexOf('Health check health'));
    expect(migrate).toContain('✔ DONE · 1 failed attempt');
    expect(migrate).toMatch(/Attempt 1 FAILED started by Jane Doe · 2026-11-23 10:05:00 → 10:06:00 UTC/);
    expect(migrate).toMatch(/exit code 1/);
    expect(migrate).toContain('first try: lock timeout');
    expect(migrate).toMatch(/Attempt 2 succeeded started by Jane Doe · 2026-11-23 10:07:00 → 10:09:00 UTC/);
    expect(migrate).toMatch(/exit code 0/);
    expect(migrate).toContain('second try: migrated');
    expect(migrate).toContain('outputs/migrate-local-1.log');
    expect(migrate).toContain('outputs/migrate-local-2.log');
    expect(t).toMatch(/Attempt 1 failed: local: exit 1/);
  });

  it('an overridden step is OVERRIDDEN, never DONE, with its reason', () => {
    const t = flat(text);
    const health = t.slice(t.indexOf('Health check health'), t.indexOf('Verify the data verify'));
    expect(health).toContain('OVERRIDDEN');
    expect(health).not.toContain('DONE');
    expect(health).toContain('accepted despite failure');
    expect(health).toContain('Replica lag is known, accepted by the DBA');
    expect(health).toMatch(/exit code 1/);
    expect(t).toMatch(/OVERRIDDEN health Accepted despite failure by Jane Doe: Replica lag is known/i);
  });

  it('a skipped gate shows the skip, its reason and what it bypassed', () => {
    const t = flat(text);
    const approve = t.slice(t.indexOf('Approve the restore approve'), t.indexOf('Migrate the schema migrate'));
    expect(approve).toContain('SKIPPED');
    expect(approve).toContain('Approval given by phone');
    expect(approve).toMatch(/closed while still waiting for: needs sign-off by a dba \(gate\)/);
    expect(approve).toMatch(/NOT SIGNED OFF/);
  });

  it('every sign-off, with who, role, when, comment and how it was asserted', () => {
    const t = flat(text);
    const verify = t.slice(t.indexOf('Verify the data verify'), t.indexOf('Check row counts rows'));
    expect(verify).toMatch(/Signed off by Omar Haddad \(dba\) at 2026-11-23 10:21:00 UTC/);
    expect(verify).toContain('Data verified on the replica');
    expect(verify).toContain('self-asserted (typed name)');
    expect(verify).not.toContain('NOT SIGNED OFF');
  });

  it('every reopen with its reason, and every note', () => {
    const t = flat(text);
    const rows = t.slice(t.indexOf('Check row counts rows'));
    expect(rows).toMatch(/Reopened by Jane Doe at 2026-11-23 10:24:00 UTC \(10:24:00 UTC\): Counted the wrong table/);
    expect(rows).toMatch(/Ticked done by Jane Doe at 2026-11-23 10:23:00 UTC/);
    expect(rows).toMatch(/Ticked done by Jane Doe at 2026-11-23 10:26:00 UTC/);
    expect(rows).toContain('Row counts match the snapshot');
    expect(rows).toContain('automate the row count check');
    expect(t).toContain('Declared in #inc-4711');
  });

  it('a late phase is late, not a breach', () => {
    const t = flat(text);
    expect(t).toMatch(/Phase "Restore" ended late/);
    expect(t).not.toMatch(/breach/i);
  });

  it('every evidence SHA-256 in the journal is printed, and the Records list is exactly them', () => {
    const hashes = journalHashes(events);
    expect(hashes.length).toBe(3);
    const printed = printedHashes(text);
    for (const h of hashes) expect(printed, h).toContain(h);
    // The Records table lists exactly the journal's evidence files.
    const records = text.slice(text.indexOf('Evidence files'));
    expect(printedHashes(records.slice(0, records.indexOf('Sign-off')))).toEqual(new Set(hashes));
  });
});

describe('an aborted run', () => {
  let text: string;
  let events: AnyEvent[];
  beforeAll(async () => {
    const runId = await start(path.join(base, 'flag-2'));
    now = at(1);
    await call('completeStep', { runId, stepId: 'declare', actor: 'Jane Doe' });
    now = at(2);
    await call('skipStep', { runId, stepId: 'page', actor: 'Jane Doe', reason: 'DBA already on the bridge' });
    now = at(3);
    await call('signGate', { runId, stepId: 'approve', actor: 'Omar Haddad' });
    now = at(4);
    await call('completeStep', { runId, stepId: 'approve', actor: 'Omar Haddad' });
    now = at(5);
    await run(runId, 'migrate', 'Jane Doe', at(6));
    now = at(8);
    await expect(call('endRun', { runId, actor: 'Jane Doe', outcome: 'aborted' })).rejects.toMatchObject({ code: 'bad_request' });
    await call('endRun', { runId, actor: 'Jane Doe', outcome: 'aborted', reason: 'Storage array lost' });
    ({ text, events } = await report(runId));
  });

  it('says ABORTED with the reason and never that the RTO was met', () => {
    const page1 = flat(text.split('\f')[0]!);
    const head = page1.slice(0, page1.indexOf('Runbook'));
    expect(head).toContain('ABORTED');
    expect(head).toContain('aborted: Storage array lost');
    expect(flat(text)).toMatch(
      /Ended as aborted at 2026-11-23 10:08:00 UTC \(10:08:00 UTC\) by Jane Doe with the reason: “Storage array lost”/,
    );
    expect(head).toContain('2 done, 1 skipped, 1 failed, 3 not done of 7 steps');
    expect(head).toMatch(/RTO NOT MET: run aborted after 8m \(target 2h\)/);
    expect(text).not.toMatch(/RTO MET/);
    expect(text).not.toMatch(/COMPLETED/);
  });

  it('the failed attempt and the unsigned-but-signed gate are as the journal has them', () => {
    const t = flat(text);
    const approve = t.slice(t.indexOf('Approve the restore approve'), t.indexOf('Migrate the schema migrate'));
    expect(approve).toMatch(/Signed off by Omar Haddad \(dba\) at 2026-11-23 10:03:00 UTC/);
    expect(approve).not.toContain('NOT SIGNED OFF');
    // The gate nobody signed is said to be unsigned.
    expect(t.slice(t.indexOf('Verify the data verify'))).toContain('NOT SIGNED OFF');
    expect(t).toMatch(/Attempt 1 FAILED started by Jane Doe/);
    expect(t).toMatch(/Attempt 1 failed: local: exit 1 \(expected 0\); the step ended failed/);
    for (const h of journalHashes(events)) expect(printedHashes(text)).toContain(h);
  });
});

describe('a run ended "completed" with a failed step', () => {
  let text: string;
  let runId: string;
  beforeAll(async () => {
    runId = await start(path.join(base, 'flag-3'));
    now = at(1);
    await call('completeStep', { runId, stepId: 'declare', actor: 'Jane Doe' });
    await call('completeStep', { runId, stepId: 'page', actor: 'Jane Doe' });
    // Jane (whose key this machine holds) signs the gate as dba, confirmed with her key.
    await call('addParticipant', { runId, actor: 'Jane Doe', name: 'Jane Doe', role: 'dba' });
    await call('signGate', { runId, stepId: 'approve', actor: 'Jane Doe', comment: 'Go', passphrase: PASSPHRASE });
    await call('completeStep', { runId, stepId: 'approve', actor: 'Jane Doe' });
    now = at(2);
    await run(runId, 'migrate', 'Jane Doe', at(3));
    now = at(4);
    await run(runId, 'migrate', 'Jane Doe', at(5));
    now = at(6);
    await run(runId, 'health', 'Jane Doe', at(7));
    now = at(9);
    await call('endRun', { runId, actor: 'Jane Doe', outcome: 'completed', reason: 'Out of time for today' });
    ({ text } = await report(runId));
  });

  it('is NOT RECOVERED, and the RTO is not met because the run did not recover', () => {
    const page1 = flat(text.split('\f')[0]!);
    const head = page1.slice(0, page1.indexOf('Runbook'));
    expect(head).toContain('NOT RECOVERED');
    expect(head).toMatch(/1 step failed/);
    expect(head).toMatch(/2 steps not done/);
    expect(head).toContain('4 done, 1 failed, 2 not done of 7 steps');
    expect(head).toMatch(/RTO NOT MET: the run did not recover/);
    expect(text).not.toMatch(/RTO MET/);
    const t = flat(text);
    expect(t).toMatch(/Attempt 1 failed: local: exit 1/);
    expect(t).toMatch(/health .*Ended failed/i);
  });

  it('a key-confirmed sign-off names the key it was confirmed with', async () => {
    const { certSha256 } = await call('keysStatus', {});
    const t = flat(text);
    const approve = t.slice(t.indexOf('Approve the restore approve'), t.indexOf('Migrate the schema migrate'));
    expect(approve).toMatch(
      /Signed off by Jane Doe \(dba\) at 2026-11-23 10:01:00 UTC \(10:01:00 UTC\) — “Go” · confirmed with signing key/,
    );
    expect(approve).toContain(`${certSha256.slice(0, 16)}…`);
    expect(approve).not.toContain('self-asserted');
  });

  it('verify checks that key-confirmed sign-off against the journal', async () => {
    const v = await call('verifyRunReport', { runId });
    expect(v.checks).toContainEqual({
      name: 'sign-off',
      ok: true,
      detail: expect.stringMatching(/^sign-off by Jane Doe \(dba\) on "approve", journal line \d+ is signed by key certificate/),
    });
  });
});
