// A real run made through the real Engine, journal and step runner: started, ticked, skipped
// with a reason, noted, a gate signed, a host=local command step that really runs (its output
// lands in an evidence file under outputs/), an s3-check through a stand-in S3 executor that
// reports the backup age, and ended.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../../core/engine';
import type { Executor } from '../../../core/exec/executor';
import { createRegistry } from '../../../core/exec/registry';
import type { S3CheckAction } from '../../../core/runbook/model';
import { memorySettingsStore } from '../../../core/settings';

export const RUNBOOK = `---
id: pg-restore
title: PostgreSQL restore <drill & test>
version: 2.1.0
owner: platform-team
rto: 2h
rpo: 24h
params:
  target_time: { description: Restore to, required: true }
---

# Assessment {budget=15m}

- [ ] Declare the incident {id=declare estimate=5m}
- [ ] Page the on-call DBA {id=page}

## Newest base backup is fresh {id=backup-check}

\`\`\`s3-check
bucket: prod-backups
prefix: basebackups/
max_age: 25h
\`\`\`

# Recovery {budget=45m}

## Restore the base backup {id=restore estimate=10m gate=dba}

\`\`\`bash {host=local}
echo "restoring to {{target_time}}"
for i in $(seq 1 40); do echo "restored chunk $i/40"; done
echo "done"
\`\`\`

# Verification {budget=20m}

- [ ] Check row counts {id=rows estimate=5m}
`;

export interface BuiltRun {
  dataDir: string;
  runDir: string;
  runId: string;
  /** The command step's evidence file. */
  evidenceFile: string;
}

/** Stands in for the S3 executor (not the subject here): reports what a real check prints. */
const s3Check: Executor<S3CheckAction> = {
  async run(_action, ctx) {
    ctx.onOutput('stdout', Buffer.from('newest: basebackups/base-20261122T2300.tar.zst\nsize: 48211 MiB\nage: 11h\nsha256: ok\n'));
    return { exitCode: 0 };
  },
};

export async function buildRun(root?: string): Promise<BuiltRun> {
  const base = root ?? (await mkdtemp(path.join(os.tmpdir(), 'drillbook-report-')));
  const dataDir = path.join(base, 'data');
  const libDir = path.join(base, 'lib');
  await mkdir(libDir, { recursive: true });
  await writeFile(path.join(libDir, 'pg-restore.md'), RUNBOOK);
  const t = (min: number) => new Date(Date.parse('2026-11-23T10:00:00.000Z') + min * 60_000);
  let now = t(0);
  const engine = await Engine.create({
    dataDir,
    runbookDirs: [libDir],
    settings: memorySettingsStore(),
    now: () => now,
    executors: createRegistry().s3Check(s3Check),
  });
  const finished = (stepId: string) =>
    new Promise<void>((resolve) => {
      const off = engine.on((e) => {
        if (e.type === 'run.event' && e.event.type === 'step.finished' && e.event.data.stepId === stepId) {
          off();
          resolve();
        }
      });
    });
  // Executed steps take time: once one has started, the clock moves to when it will end.
  const endAt: Record<string, Date> = { 'backup-check': t(6), restore: t(23) };
  engine.on((e) => {
    if (e.type === 'run.event' && e.event.type === 'step.started') now = endAt[e.event.data.stepId] ?? now;
  });
  const participants = [
    { name: 'Jane Doe', role: 'commander' },
    { name: 'Omar Haddad', role: 'dba' },
  ];
  const { state } = await engine.startRun({
    id: 'pg-restore',
    version: '2.1.0',
    mode: 'drill',
    actor: 'Jane Doe',
    t0: '2026-11-23T09:55:00.000Z',
    params: { target_time: '2026-11-23 09:40 UTC' },
    participants,
  });
  const runId = state.runId;
  now = t(3);
  await engine.completeStep({ runId, stepId: 'declare', actor: 'Jane Doe', note: 'Declared in #inc-4711 at <09:55>' });
  now = t(4);
  await engine.skipStep({ runId, stepId: 'page', actor: 'Jane Doe', reason: 'DBA already on the bridge' });
  now = t(5);
  let done = finished('backup-check');
  await engine.runStep({ runId, stepId: 'backup-check', actor: 'Jane Doe' });
  await done;
  now = t(8);
  await engine.signGate({ runId, stepId: 'restore', actor: 'Omar Haddad', comment: 'Go for restore' });
  now = t(9);
  done = finished('restore');
  await engine.runStep({ runId, stepId: 'restore', actor: 'Jane Doe' });
  await done;
  now = t(30);
  await engine.completeStep({ runId, stepId: 'rows', actor: 'Omar Haddad', note: 'Row counts match the 09:40 snapshot' });
  await engine.addNote({ runId, stepId: 'rows', actor: 'Jane Doe', text: 'Follow-up: automate the row count check' });
  now = t(31);
  await engine.endRun({ runId, actor: 'Jane Doe', outcome: 'completed', reason: 'Paging skipped: the DBA was already on the bridge' });
  const view = await engine.getRun({ runId });
  await engine.close();
  const file = Object.values(view.state.steps.restore?.hosts ?? {})[0]?.evidence.file;
  if (!file) throw new Error('the restore step left no evidence');
  const runDir = path.join(dataDir, 'runs', runId);
  return { dataDir, runDir, runId, evidenceFile: path.join(runDir, file) };
}
