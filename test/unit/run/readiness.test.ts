import { describe, expect, it } from 'vitest';
import { blockers, dependencies, readySince } from '../../../core/run/readiness';
import { runAt, runbookFrom, SAMPLE } from './clock-helpers';

const rb = runbookFrom(SAMPLE);
const T0 = '2026-11-23T10:00:00.000Z';

const CHAINS = `---
id: chains
title: Chains
version: 1.0.0
---

# One {budget=10m}

- [ ] First {id=a}
- [ ] Second, may fail {id=b continue-on-failure}
- [ ] Third {id=c}

# Two {budget=10m}

- [ ] Fourth {id=d}
- [ ] Fifth, after the first {id=e after=a,b}

# Empty {budget=5m}

Nothing to do here.

# Three {budget=10m}

- [ ] Sixth {id=f}
`;
const chains = runbookFrom(CHAINS);

describe('readiness', () => {
  it('follows the previous step in the phase, and the whole previous phase for a first step', () => {
    const fresh = runAt(rb, T0);
    expect(blockers(rb, fresh, 'declare')).toEqual([]);
    expect(blockers(rb, fresh, 'scope')).toEqual(['waiting for "declare" (pending)']);
    expect(blockers(rb, fresh, 'restore')).toEqual(['waiting for phase "Assess" to finish: "declare" (pending), "scope" (pending)']);
    const one = runAt(rb, T0, [[5, 'step.completed', { stepId: 'declare' }]]);
    expect(blockers(rb, one, 'scope')).toEqual([]);
    expect(blockers(rb, one, 'restore')).toEqual(['waiting for phase "Assess" to finish: "scope" (pending)']);
  });

  it('a skip satisfies dependents; so does a failure with continue-on-failure, one without does not', () => {
    const s = runAt(chains, T0, [
      [1, 'step.skipped', { stepId: 'a', reason: 'n/a' }],
      [2, 'step.started', { stepId: 'b', attempt: 1, hosts: [] }],
      [3, 'step.finished', { stepId: 'b', attempt: 1, outcome: 'failed', error: 'exit 1' }],
    ]);
    expect(blockers(chains, s, 'b')).toEqual([]);
    expect(blockers(chains, s, 'c')).toEqual([]);
    const failed = runAt(chains, T0, [
      [1, 'step.completed', { stepId: 'a' }],
      [2, 'step.completed', { stepId: 'b' }],
      [3, 'step.started', { stepId: 'c', attempt: 1, hosts: [] }],
      [4, 'step.finished', { stepId: 'c', attempt: 1, outcome: 'timed-out' }],
    ]);
    expect(blockers(chains, failed, 'd')).toEqual(['waiting for phase "One" to finish: "c" (failed, and it is not continue-on-failure)']);
    const running = runAt(chains, T0, [[1, 'step.started', { stepId: 'a', attempt: 1, hosts: ['db1'] }]]);
    expect(blockers(chains, running, 'b')).toEqual(['waiting for "a" (running)']);
  });

  it('adds after= dependencies, across phases', () => {
    expect(dependencies(chains, 'e')).toEqual([
      { kind: 'step', stepId: 'd' },
      { kind: 'after', stepId: 'a' },
      { kind: 'after', stepId: 'b' },
    ]);
    // d done; a and b were reopened after phase One finished.
    const s = runAt(chains, T0, [
      [1, 'step.completed', { stepId: 'a' }],
      [2, 'step.completed', { stepId: 'b' }],
      [3, 'step.completed', { stepId: 'c' }],
      [4, 'step.completed', { stepId: 'd' }],
      [5, 'step.reopened', { stepId: 'a', reason: 'redo' }],
    ]);
    expect(blockers(chains, s, 'e')).toEqual(['after= "a" is not done (pending)']);
  });

  it('an empty phase is passed over: the next phase waits for the last one with steps', () => {
    expect(dependencies(chains, 'f')).toEqual([{ kind: 'phase', phase: chains.phases[1] }]);
    const many = runAt(chains, T0);
    expect(blockers(chains, many, 'f')).toEqual(['waiting for phase "Two" to finish: "d" (pending), "e" (pending)']);
    expect(blockers(chains, many, 'd')).toEqual(['waiting for phase "One" to finish: "a" (pending), "b" (pending), "c" (pending)']);
  });

  it('a gate needs its sign-off, whatever the order says', () => {
    const done = runAt(rb, T0, [
      [5, 'step.completed', { stepId: 'declare' }],
      [10, 'step.completed', { stepId: 'scope' }],
      [70, 'step.completed', { stepId: 'restore' }],
    ]);
    expect(blockers(rb, done, 'verify')).toEqual(['needs sign-off by a commander (gate)']);
    expect(blockers(rb, runAt(rb, T0), 'verify')).toEqual(['waiting for "restore" (pending)', 'needs sign-off by a commander (gate)']);
    const signed = runAt(rb, T0, [
      [5, 'step.completed', { stepId: 'declare' }],
      [10, 'step.completed', { stepId: 'scope' }],
      [70, 'step.completed', { stepId: 'restore' }],
      [80, 'gate.signed', { stepId: 'verify', role: 'commander', comment: 'go' }],
    ]);
    expect(blockers(rb, signed, 'verify')).toEqual([]);
    expect(readySince(rb, signed, 'verify')).toBe(Date.parse('2026-11-23T11:20:00Z'));
    expect(blockers(rb, signed, 'nope')).toEqual(['step "nope" is not in this runbook']);
  });

  it('readySince: the latest end of what a step waits on; -Infinity for the first step, undefined while blocked', () => {
    const s = runAt(rb, T0, [
      [5, 'step.completed', { stepId: 'declare' }],
      [12, 'step.skipped', { stepId: 'scope', reason: 'known' }],
    ]);
    expect(readySince(rb, s, 'declare')).toBe(-Infinity);
    expect(readySince(rb, s, 'scope')).toBe(Date.parse('2026-11-23T10:05:00Z'));
    expect(readySince(rb, s, 'restore')).toBe(Date.parse('2026-11-23T10:12:00Z'));
    expect(readySince(rb, s, 'verify')).toBeUndefined();
  });
});
