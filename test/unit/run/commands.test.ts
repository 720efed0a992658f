import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../core/api';
import type { Runbook } from '../../../core/runbook/model';
import { checkStepCommand } from '../../../core/run/commands';
import type { RunState } from '../../../core/run/state';
import { resolveParams, resolveT0 } from '../../../core/run/start-params';
import { isRunId, newRunId } from '../../../core/run/run-id';

const step = (id: string) => ({
  id,
  title: id,
  phaseId: 'p',
  kind: 'manual' as const,
  description: '',
  attrs: { after: [], retries: 0, expectExit: 0, continueOnFailure: false },
  line: 1,
});
const runbook: Runbook = {
  id: 'db',
  title: 'DB',
  version: '1.0.0',
  tags: [],
  params: { target: { required: true }, bucket: { required: false, default: 'b1' }, extra: { required: false } },
  hosts: {},
  phases: [{ id: 'p', title: 'P', description: '', line: 1, steps: [step('a'), step('b')] }],
};
const state = (steps: RunState['steps'] = {}, status: RunState['status'] = 'active'): RunState => ({
  runId: 'r',
  runbook: { id: 'db', version: '1.0.0', title: 'DB', sha256: '' },
  mode: 'drill',
  t0: '',
  startedAt: '',
  startedBy: 'j',
  params: {},
  bindings: {},
  participants: [],
  steps,
  status,
  lastSeq: 1,
  head: '',
  ...(status !== 'active' ? { endedAt: 'T9' } : {}),
});
const done = {
  a: { stepId: 'a', status: 'done' as const, by: 'jane', at: 'T1', notes: [], signOffs: [], attempts: [], bypasses: [], history: [] },
};

function refusal(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('checkStepCommand', () => {
  it('turns allowed commands into events', () => {
    expect(checkStepCommand(state(), runbook, { kind: 'complete', stepId: 'a', actor: 'j', note: ' ' })).toEqual({
      actor: 'j',
      type: 'step.completed',
      data: { stepId: 'a' },
    });
    expect(checkStepCommand(state(), runbook, { kind: 'skip', stepId: 'a', actor: 'j', reason: 'r' }).type).toBe('step.skipped');
    expect(checkStepCommand(state(done), runbook, { kind: 'reopen', stepId: 'a', actor: 'j', reason: ' typo ' })).toEqual({
      actor: 'j',
      type: 'step.reopened',
      data: { stepId: 'a', reason: 'typo' },
    });
    expect(checkStepCommand(state(done), runbook, { kind: 'note', stepId: 'a', actor: 'j', text: 't' }).type).toBe('note.added');
    // Skipping a step that still waits is allowed with the reason, and what it waited for is recorded.
    expect(checkStepCommand(state(), runbook, { kind: 'skip', stepId: 'b', actor: 'j', reason: 'r' })).toEqual({
      actor: 'j',
      type: 'step.skipped',
      data: { stepId: 'b', reason: 'r', bypassed: ['waiting for "a" (pending)'] },
    });
  });

  it('refuses wrong transitions and says why', () => {
    const twice = refusal(() => checkStepCommand(state(done), runbook, { kind: 'complete', stepId: 'a', actor: 'bob' }));
    expect(twice.code).toBe('conflict');
    expect(twice.message).toBe('step "a" is already done (by jane at T1); reopen it first to complete it');
    expect(refusal(() => checkStepCommand(state(done), runbook, { kind: 'skip', stepId: 'a', actor: 'b', reason: 'r' })).message).toMatch(
      /already done .* to skip it/,
    );
    const reopen = refusal(() => checkStepCommand(state(), runbook, { kind: 'reopen', stepId: 'b', actor: 'b', reason: 'r' }));
    expect([reopen.code, reopen.message]).toEqual(['invalid_state', 'step "b" is pending: there is nothing to reopen']);
    expect(refusal(() => checkStepCommand(state(done), runbook, { kind: 'reopen', stepId: 'a', actor: 'b', reason: ' ' })).message).toBe(
      'reopening step "a" needs a reason (it is part of the record)',
    );
    expect(refusal(() => checkStepCommand(state(), runbook, { kind: 'override', stepId: 'a', actor: 'b', reason: 'r' })).message).toBe(
      'step "a" is a manual step: tick it, or skip it with a reason',
    );
    const unknown = refusal(() => checkStepCommand(state(), runbook, { kind: 'note', stepId: 'zz', actor: 'b', text: 't' }));
    expect([unknown.code, unknown.message]).toEqual(['bad_request', 'step "zz" is not in runbook db@1.0.0']);
    expect(
      refusal(() => checkStepCommand(state({}, 'completed'), runbook, { kind: 'note', stepId: 'a', actor: 'b', text: 't' })).message,
    ).toMatch(/run r has ended \(completed at T9\)/);
  });
});

describe('start parameters', () => {
  it('fills defaults, pins optional ones as empty, refuses unknown and missing ones', () => {
    expect(resolveParams(runbook, { target: '2026-11-23 09:00' })).toEqual({ target: '2026-11-23 09:00', bucket: 'b1', extra: '' });
    expect(() => resolveParams(runbook, {})).toThrow('missing required parameter "target"');
    expect(() => resolveParams(runbook, { target: '  ' })).toThrow('missing required parameter "target"');
    expect(() => resolveParams(runbook, { target: 'x', tagret: 'y' })).toThrow(
      'unknown parameter "tagret" for db@1.0.0; it declares target, bucket, extra',
    );
  });

  it('T0 defaults to now, may be in the past, not more than a minute ahead', () => {
    const now = new Date('2026-11-23T10:00:00Z');
    expect(resolveT0(undefined, now)).toBe('2026-11-23T10:00:00.000Z');
    expect(resolveT0('2026-11-23T08:30:00+01:00', now)).toBe('2026-11-23T07:30:00.000Z');
    expect(resolveT0('2026-11-23T10:00:59Z', now)).toBe('2026-11-23T10:00:59.000Z');
    expect(() => resolveT0('2026-11-23T10:02:00Z', now)).toThrow(/in the future/);
  });
});

describe('run ids', () => {
  it('are sortable, filesystem-safe folder names', () => {
    const id = newRunId('postgres-pitr', new Date('2026-11-23T10:05:33Z'), 'ab12');
    expect(id).toBe('2026-11-23T1005Z-postgres-pitr-ab12');
    expect(newRunId('Weird/..\\Id', new Date('2026-11-23T10:05:33Z'))).toMatch(/^2026-11-23T1005Z-weird-id-[0-9a-f]{4}$/);
    expect(isRunId(id)).toBe(true);
    for (const bad of ['..', '../x', 'a/b', '.hidden', 'a\\b', '', 'a..b']) expect(isRunId(bad)).toBe(false);
  });
});
