// A drill programme made with the real Engine, journal and step runner, at chosen times: a
// runbook that declares a cadence and two controls, with manual steps, an s3-check (a stand-in
// S3 executor that reports the backup age, as run-fixture.ts does) and a host=local command
// step that really runs. Drills in October and November (one late and over its RTO), an
// incident, and a drill in December outside the period the tests ask for.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Engine } from '../../../core/engine';
import type { Executor } from '../../../core/exec/executor';
import { createRegistry } from '../../../core/exec/registry';
import type { S3CheckAction } from '../../../core/runbook/model';
import { memorySettingsStore } from '../../../core/settings';

export const RUNBOOK = `---
id: pg-restore
title: PostgreSQL restore
version: 3.0.0
rto: 1h
rpo: 24h
drill: { every: 30d }
controls: [ISO27001-A.8.13, SOC2-A1.3]
---

# Prepare {budget=10m}

- [ ] Declare the drill {id=declare estimate=5m}

## Newest base backup {id=backup-check}

\`\`\`s3-check
bucket: prod-backups
prefix: basebackups/
max_age: 25h
\`\`\`

# Restore {budget=30m}

## Restore the base backup {id=restore estimate=20m}

\`\`\`bash {host=local}
for i in 1 2 3; do echo "restored chunk $i/3"; done
\`\`\`

# Verify {budget=10m}

- [ ] Check row counts {id=rows estimate=5m}
- [ ] Tell the business {id=tell}
`;

export interface Plan {
  mode: 'drill' | 'incident';
  t0: string;
  /** Minutes after T0: declared, the backup check done, the restore done, rows checked, the end. */
  at: { declare: number; backup: number; restore: number; rows: number; end: number };
  /** Skip "tell" with this reason (a deviation); otherwise it is ticked at the end. */
  skipTell?: string;
}

export const PLANS: Plan[] = [
  { mode: 'drill', t0: '2026-10-05T08:00:00.000Z', at: { declare: 2, backup: 4, restore: 25, rows: 32, end: 35 } },
  // Restore took 50 minutes of a 30-minute budget; the run ends after 70 minutes (RTO 1h).
  {
    mode: 'drill',
    t0: '2026-11-09T08:00:00.000Z',
    at: { declare: 3, backup: 5, restore: 55, rows: 65, end: 70 },
    skipTell: 'nobody on call at the business',
  },
  { mode: 'incident', t0: '2026-11-20T02:00:00.000Z', at: { declare: 1, backup: 3, restore: 20, rows: 26, end: 28 } },
  { mode: 'drill', t0: '2026-12-01T06:00:00.000Z', at: { declare: 2, backup: 4, restore: 24, rows: 30, end: 31 } },
];

const s3Check: Executor<S3CheckAction> = {
  async run(_action, ctx) {
    ctx.onOutput('stdout', Buffer.from('newest: basebackups/base.tar.zst\nage: 9h\n'));
    return { exitCode: 0 };
  },
};

/** Makes every planned run in `dataDir` (its runs/); returns their run ids, in plan order. */
export async function makeProgramme(base: string): Promise<{ dataDir: string; libDir: string; runIds: string[] }> {
  const dataDir = path.join(base, 'data');
  // The data dir's library/: where `drillbook register` and `audit-pack` look for runbooks too.
  const libDir = path.join(dataDir, 'library');
  await mkdir(libDir, { recursive: true });
  await writeFile(path.join(libDir, 'pg-restore.md'), RUNBOOK);
  let now = new Date(0);
  const engine = await Engine.create({
    dataDir,
    runbookDirs: [libDir],
    settings: memorySettingsStore(),
    now: () => now,
    executors: createRegistry().s3Check(s3Check),
  });
  const runIds: string[] = [];
  try {
    for (const plan of PLANS) {
      const t = (min: number) => new Date(Date.parse(plan.t0) + min * 60_000);
      const finished = (stepId: string) =>
        new Promise<void>((resolve) => {
          const off = engine.on((e) => {
            if (e.type !== 'run.event' || e.event.type !== 'step.finished' || e.event.data.stepId !== stepId) return;
            off();
            resolve();
          });
        });
      // An executed step takes its planned time: once it has started, the clock moves to its end.
      const endAt: Record<string, Date> = { 'backup-check': t(plan.at.backup), restore: t(plan.at.restore) };
      const off = engine.on((e) => {
        if (e.type === 'run.event' && e.event.type === 'step.started') now = endAt[e.event.data.stepId] ?? now;
      });
      now = t(0);
      const actor = 'Jane Doe';
      const { state } = await engine.startRun({
        id: 'pg-restore',
        version: '3.0.0',
        mode: plan.mode,
        actor,
        t0: plan.t0,
        params: {},
        participants: [{ name: actor, role: 'commander' }],
      });
      const runId = state.runId;
      now = t(plan.at.declare);
      await engine.completeStep({ runId, stepId: 'declare', actor });
      let done = finished('backup-check');
      await engine.runStep({ runId, stepId: 'backup-check', actor });
      await done;
      done = finished('restore');
      await engine.runStep({ runId, stepId: 'restore', actor });
      await done;
      now = t(plan.at.rows);
      await engine.completeStep({ runId, stepId: 'rows', actor });
      now = t(plan.at.end);
      if (plan.skipTell) await engine.skipStep({ runId, stepId: 'tell', actor, reason: plan.skipTell });
      else await engine.completeStep({ runId, stepId: 'tell', actor });
      const clean = !plan.skipTell && plan.at.end <= 60 && plan.at.restore - plan.at.backup <= 30;
      await engine.endRun({ runId, actor, outcome: 'completed', ...(clean ? {} : { reason: 'deviations as planned by the test' }) });
      off();
      runIds.push(runId);
    }
  } finally {
    await engine.close();
  }
  return { dataDir, libDir, runIds };
}
