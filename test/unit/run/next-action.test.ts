import { describe, expect, it } from 'vitest';
import { currentStep } from '../../../core/run/clock';
import { actionFor, actionLabel, nowNext, type NextAction } from '../../../core/run/next-action';
import type { RunState } from '../../../core/run/state';
import { runAt, runbookFrom, type Entry } from './clock-helpers';

const SOURCE = `---
id: nn
title: Now next
version: 1.0.0
hosts:
  db: { description: Database servers }
---

# Prepare {budget=10m}

- [ ] Page the DBA {id=page}

## Check the backup {id=backup}

\`\`\`s3-check
bucket: backups
prefix: base/
max_age: 25h
\`\`\`

## Stop the app {id=stop continue-on-failure}

\`\`\`bash {host=local}
systemctl stop app
\`\`\`

# Restore {budget=30m}

## Restore the database {id=restore}

\`\`\`bash {host=db}
pg_restore
\`\`\`

## Promote {id=promote gate=commander}

## Tell everyone {id=tell after=page}
`;
const rb = runbookFrom(SOURCE);
const T0 = '2026-11-23T10:00:00.000Z';
const run = (entries: Entry[], bindings: Record<string, string[]> = {}): RunState => ({ ...runAt(rb, T0, entries), bindings });
const title = (id: string) => rb.phases.flatMap((p) => p.steps).find((s) => s.id === id)!.title;
const label = (a: NextAction) => actionLabel(a, title);

const attempt = (m: number, stepId: string, n: number, outcome: 'succeeded' | 'failed'): Entry[] => [
  [m, 'step.started', { stepId, attempt: n, hosts: [] }],
  [m + 1, 'step.finished', { stepId, attempt: n, outcome, ...(outcome === 'failed' ? { error: 'exit 1 (expected 0)' } : {}) }],
];
const upToRestore: Entry[] = [
  [1, 'step.completed', { stepId: 'page' }],
  ...attempt(2, 'backup', 1, 'succeeded'),
  ...attempt(4, 'stop', 1, 'succeeded'),
];

describe('next action', () => {
  it('a manual step that may start is ticked; an s3-check and a local command are run', () => {
    const fresh = run([]);
    expect(nowNext(rb, fresh).action).toEqual({ kind: 'tick', stepId: 'page' });
    expect(label(nowNext(rb, fresh).action)).toBe('Tick');
    const s3 = run([[1, 'step.completed', { stepId: 'page' }]]);
    expect(nowNext(rb, s3).action).toEqual({ kind: 'run', stepId: 'backup' });
    const local = run([[1, 'step.completed', { stepId: 'page' }], ...attempt(2, 'backup', 1, 'succeeded')]);
    expect(nowNext(rb, local).action).toEqual({ kind: 'run', stepId: 'stop' });
    expect(label(nowNext(rb, local).action)).toBe('Run');
  });

  it('the current step is the clock’s: the first unresolved one, and its phase is the clock’s phase', () => {
    const s = run([[1, 'step.completed', { stepId: 'page' }]]);
    const nn = nowNext(rb, s);
    expect(nn.current).toMatchObject({ stepId: currentStep(rb, s)!.step.id, title: 'Check the backup', index: 2, phaseId: 'prepare' });
    expect(nn.next.map((n) => n.stepId)).toEqual(['stop', 'restore']);
    expect(nowNext(rb, s, 3).next.map((n) => n.index)).toEqual([3, 4, 5]);
  });

  it('a running step is waited for, and stays current', () => {
    const s = run([
      [1, 'step.completed', { stepId: 'page' }],
      [2, 'step.started', { stepId: 'backup', attempt: 1, hosts: ['s3'] }],
    ]);
    const nn = nowNext(rb, s);
    expect(nn.current).toMatchObject({ stepId: 'backup', status: 'running' });
    expect(nn.action).toEqual({ kind: 'wait', stepId: 'backup', on: 'backup', running: true });
    expect(label(nn.action)).toBe('Wait for it to finish');
  });

  it('a blocking failure must be resolved, stays current and listed until a new attempt', () => {
    const failed = run([[1, 'step.completed', { stepId: 'page' }], ...attempt(2, 'backup', 1, 'failed')]);
    const nn = nowNext(rb, failed);
    expect(nn.current?.stepId).toBe('backup');
    expect(nn.action).toEqual({ kind: 'resolve', stepId: 'backup', why: 'failed' });
    expect(label(nn.action)).toBe('Resolve failure');
    expect(nn.attention).toEqual([
      { stepId: 'backup', title: 'Check the backup', why: 'failed' },
      { stepId: 'stop', title: 'Stop the app', why: 'held', detail: 'backup' },
    ]);
    const again = run([
      [1, 'step.completed', { stepId: 'page' }],
      ...attempt(2, 'backup', 1, 'failed'),
      [5, 'step.started', { stepId: 'backup', attempt: 2, hosts: ['s3'] }],
    ]);
    expect(nowNext(rb, again).attention).toEqual([]);
    expect(nowNext(rb, again).action.kind).toBe('wait');
  });

  it('an override or a skip takes a failure off the list; a failure that may continue moves on but stays listed', () => {
    const base: Entry[] = [[1, 'step.completed', { stepId: 'page' }], ...attempt(2, 'backup', 1, 'failed')];
    const accepted = run([...base, [5, 'step.overridden', { stepId: 'backup', kind: 'accepted-failure', reason: 'old backup is fine' }]]);
    expect(nowNext(rb, accepted).attention).toEqual([]);
    expect(nowNext(rb, accepted).current?.stepId).toBe('stop');
    const skipped = run([...base, [5, 'step.skipped', { stepId: 'backup', reason: 'no S3 today' }]]);
    expect(nowNext(rb, skipped).attention).toEqual([]);
    const tolerated = run([
      [1, 'step.completed', { stepId: 'page' }],
      ...attempt(2, 'backup', 1, 'succeeded'),
      ...attempt(4, 'stop', 1, 'failed'),
    ]);
    const nn = nowNext(rb, tolerated);
    expect(nn.current?.stepId).toBe('restore');
    expect(nn.attention).toEqual([{ stepId: 'stop', title: 'Stop the app', why: 'failed' }]);
  });

  it('a remote command runs only with a host bound to its role; else the commander resolves it', () => {
    const unbound = run(upToRestore);
    expect(nowNext(rb, unbound).action).toEqual({ kind: 'resolve', stepId: 'restore', why: 'unbound', role: 'db' });
    expect(label(nowNext(rb, unbound).action)).toBe('Resolve: no host bound to db');
    expect(nowNext(rb, run(upToRestore, { db: ['db1'] })).action).toEqual({ kind: 'run', stepId: 'restore' });
  });

  it('a gate is signed once what comes before is done; then the step is ticked', () => {
    const ready = run([...upToRestore, ...attempt(6, 'restore', 1, 'succeeded')]);
    expect(nowNext(rb, ready).action).toEqual({ kind: 'sign', stepId: 'promote', role: 'commander' });
    expect(label(nowNext(rb, ready).action)).toBe('Sign off (commander)');
    // Before the restore is done the gate is not what it waits for.
    expect(actionFor(rb, run(upToRestore), 'promote')).toEqual({ kind: 'wait', stepId: 'promote', on: 'restore', running: false });
    const signed = run([
      ...upToRestore,
      ...attempt(6, 'restore', 1, 'succeeded'),
      [9, 'gate.signed', { stepId: 'promote', role: 'commander' }],
    ]);
    expect(nowNext(rb, signed).action).toEqual({ kind: 'tick', stepId: 'promote' });
  });

  it('a step ahead of the current one waits for what comes before it, named by title', () => {
    const s = run([
      [1, 'step.completed', { stepId: 'page' }],
      [2, 'step.started', { stepId: 'backup', attempt: 1, hosts: ['s3'] }],
    ]);
    const a = actionFor(rb, s, 'stop');
    expect(a).toEqual({ kind: 'wait', stepId: 'stop', on: 'backup', running: true });
    expect(label(a)).toBe('Wait for “Check the backup” (running)');
    expect(label(actionFor(rb, s, 'restore'))).toBe('Wait for “Check the backup” (running)');
  });

  it('every step closed: end the run; an ended run needs nothing', () => {
    const all: Entry[] = [
      ...upToRestore,
      ...attempt(6, 'restore', 1, 'succeeded'),
      [9, 'gate.signed', { stepId: 'promote', role: 'commander' }],
      [10, 'step.completed', { stepId: 'promote' }],
      [11, 'step.skipped', { stepId: 'tell', reason: 'told already' }],
    ];
    const closed = nowNext(rb, run(all));
    expect(closed.current).toBeUndefined();
    expect(closed.action).toEqual({ kind: 'end' });
    expect(closed.next).toEqual([]);
    expect(label(closed.action)).toBe('End the run…');
    const ended = run([...all, [13, 'run.ended', { outcome: 'completed' } as never]]);
    expect(ended.status).toBe('completed');
    expect(nowNext(rb, ended).action).toEqual({ kind: 'none' });
  });
});
