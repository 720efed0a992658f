// Run folders spanning months, written with the real run store and journal writer (createRun,
// Journal.append) at chosen times: each manual step is ticked `m` minutes after T0 and the run
// ends where the plan says. What the register and history derive from them is computed by the
// code under test; the expected numbers in the tests come from these minutes by hand.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { computeClock } from '../../../core/run/clock';
import { runOutcome } from '../../../core/run/outcome';
import { reduce } from '../../../core/run/reduce';
import { createRun } from '../../../core/run/run-store';
import type { AnyEvent } from '../../../core/run/events';
import { parseRunbook } from '../../../core/runbook/parse';

export const DB_RESTORE = (version = '1.0.0') => `---
id: db-restore
title: Database restore
version: ${version}
rto: 1h
rpo: 24h
drill: { every: 30d }
controls: [ISO27001-A.8.13, SOC2-A1.3]
---

# Prepare {budget=10m}

- [ ] Declare the drill {id=declare estimate=5m}

# Restore {budget=30m}

- [ ] Restore the backup {id=restore estimate=20m}

# Verify {budget=10m}

- [ ] Check row counts {id=check estimate=5m}
`;

/** A one-phase runbook: `every` as front matter writes it (or no cadence). */
export const SIMPLE = (id: string, title: string, every?: string, controls?: string) => `---
id: ${id}
title: ${title}
version: 1.0.0
rto: 30m
${every ? `drill: { every: ${every} }\n` : ''}${controls ? `controls: [${controls}]\n` : ''}---

# Do it {budget=30m}

- [ ] Do the thing {id=do estimate=10m}
`;

export interface RunPlan {
  source: string;
  mode: 'drill' | 'incident';
  t0: string;
  /** Step id → minutes after T0 it is ticked. */
  ticks: Record<string, number>;
  /** Minutes after T0 the run ends; absent: left open. */
  end?: number;
  aborted?: boolean;
}

const plus = (t0: string, min: number) => new Date(Date.parse(t0) + min * 60_000);

/** A run folder under `<dataDir>/runs/`, through createRun and Journal.append. */
export async function writeRun(dataDir: string, p: RunPlan): Promise<{ runId: string; dir: string }> {
  const parsed = parseRunbook(p.source, 'fixture.md');
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  const runbook = parsed.runbook;
  const { open, event } = await createRun(path.join(dataDir, 'runs'), {
    source: Buffer.from(p.source),
    runbook,
    mode: p.mode,
    t0: p.t0,
    params: {},
    actor: 'Jane Doe',
    now: new Date(p.t0),
  });
  const events: AnyEvent[] = [event];
  for (const [stepId, min] of Object.entries(p.ticks).sort((a, b) => a[1] - b[1]))
    events.push(await open.journal.append({ actor: 'Jane Doe', type: 'step.completed', data: { stepId } }, plus(p.t0, min)));
  if (p.end !== undefined) {
    const at = plus(p.t0, p.end);
    // What End run records: the outcome derived from the journal at that moment.
    const state = reduce(events, open.journal.head);
    const ending = { ...state, status: p.aborted ? ('aborted' as const) : ('completed' as const), endedAt: at.toISOString() };
    const o = runOutcome(runbook, ending, computeClock(runbook, ending, at));
    await open.journal.append(
      {
        actor: 'Jane Doe',
        type: 'run.ended',
        data: {
          outcome: p.aborted ? 'aborted' : 'completed',
          ...(o.result === 'recovered' ? {} : { reason: 'fixture' }),
          result: o.result,
          counts: o.counts,
        },
      },
      at,
    );
  }
  await open.journal.close();
  return { runId: open.runId, dir: open.dir };
}

export async function writeLibrary(dir: string, files: Record<string, string>): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  return dir;
}

export const NOW = new Date('2026-12-01T00:00:00.000Z');

/**
 * The programme the tests read: db-restore drilled monthly since August (recovered, a late
 * phase, an incident that breached the RTO, a drill that did not recover, an aborted one);
 * app-failover drilled on time; queue-drain due in 4 days; cache-flush never drilled; dns-switch
 * without a cadence.
 */
export async function writeProgramme(dataDir: string): Promise<Record<string, string>> {
  const db = DB_RESTORE();
  const ids: Record<string, string> = {};
  const put = async (name: string, p: RunPlan) => (ids[name] = (await writeRun(dataDir, p)).runId);
  await put('r1', { source: db, mode: 'drill', t0: '2026-08-03T10:00:00.000Z', ticks: { declare: 5, restore: 30, check: 40 }, end: 40 });
  await put('r2', { source: db, mode: 'drill', t0: '2026-09-07T10:00:00.000Z', ticks: { declare: 8, restore: 50, check: 55 }, end: 55 });
  await put('r3', { source: db, mode: 'incident', t0: '2026-09-20T03:00:00.000Z', ticks: { declare: 5, restore: 70, check: 80 }, end: 80 });
  await put('r4', { source: db, mode: 'drill', t0: '2026-10-05T10:00:00.000Z', ticks: { declare: 5 }, end: 20 });
  await put('r5', { source: db, mode: 'drill', t0: '2026-10-20T10:00:00.000Z', ticks: { declare: 3 }, end: 10, aborted: true });
  const af = SIMPLE('app-failover', 'App failover', '90d', 'SOC2-A1.3');
  await put('a1', { source: af, mode: 'drill', t0: '2026-11-10T09:00:00.000Z', ticks: { do: 12 }, end: 12 });
  const qd = SIMPLE('queue-drain', 'Queue drain', '30d');
  await put('q1', { source: qd, mode: 'drill', t0: '2026-11-05T00:00:00.000Z', ticks: { do: 9 }, end: 9 });
  return ids;
}

export const LIBRARY = {
  'db-restore.md': DB_RESTORE(),
  'app-failover.md': SIMPLE('app-failover', 'App failover', '90d', 'SOC2-A1.3'),
  'queue-drain.md': SIMPLE('queue-drain', 'Queue drain', '30d'),
  'cache-flush.md': SIMPLE('cache-flush', 'Cache flush', '30d', 'ISO27001-A.5.30'),
  'dns-switch.md': SIMPLE('dns-switch', 'DNS switch'),
};
