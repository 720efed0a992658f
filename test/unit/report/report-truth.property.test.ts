// Property: for random valid runs, the report model holds everything the journal holds (every
// attempt with its host results, every sign-off, reopen, override, skip, bypass and note) and
// states exactly the outcome runOutcome() gives (what the run list and `drillbook status`
// print). Events come from the real command checks (core/run/commands.ts) — refusals are just
// not appended — plus synthetic step.started / step.host.finished / step.finished for executed
// steps, as the step runner writes them. Seeded, so a failure names a case that replays.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../core/api';
import { computeClock } from '../../../core/run/clock';
import { checkRunCommand, checkStepCommand, type StepCommand } from '../../../core/run/commands';
import type { AnyEvent, StepOutcome } from '../../../core/run/events';
import type { NewEvent } from '../../../core/run/journal';
import { countsText, RESULT_LABEL, runOutcome, standingFailure } from '../../../core/run/outcome';
import { OUTCOME_KINDS } from '../../../core/report/deviations';
import { blockers } from '../../../core/run/readiness';
import { applyEvent, reduce } from '../../../core/run/reduce';
import type { RunState } from '../../../core/run/state';
import { parseRunbook } from '../../../core/runbook/parse';
import type { Runbook } from '../../../core/runbook/model';
import { esc } from '../../../core/report/html-format';
import { reportHtml } from '../../../core/report/report-html';
import { buildReportModel, type ReportModel } from '../../../core/report/report-model';
import { journalEvidence } from '../../../core/report/run-folder';
import { rng } from '../../seeded-random';

const SOURCE = `---
id: prop
title: Property runbook
version: 1.0.0
rto: 30m
---

# One {budget=5m}

- [ ] Declare {id=declare estimate=1m}
- [ ] Approve {id=approve gate=dba}

## Backup {id=backup estimate=2m}

\`\`\`bash {host=local}
echo backup
\`\`\`

# Two {budget=10m}

## Restore {id=restore gate=dba estimate=5m}

\`\`\`bash {host=local}
echo restore
\`\`\`

## Probe {id=probe continue-on-failure}

\`\`\`bash {host=local}
echo probe
\`\`\`

## Check {id=check after=backup}

Compare the counts.

# Three

- [ ] Close {id=close role=commander}
`;

const parsed = parseRunbook(SOURCE, 'prop.md');
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const runbook: Runbook = parsed.runbook;
const steps = runbook.phases.flatMap((p) => p.steps);
const executed = steps.filter((s) => s.action).map((s) => s.id);

const prng = rng;

const ACTORS = ['Jane Doe', 'Omar Haddad', 'Eve Stranger'];
const WORDS = ['disk', 'full', '<b>bold</b>', 'R&D', '"quoted"', 'replica', 'lag', 'ok', 'retry', 'ünïcode'];

interface Case {
  events: AnyEvent[];
  state: RunState;
  now: Date;
}

function generate(seed: number): Case {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const text = () => Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => pick(WORDS)).join(' ');
  const hex = () => Array.from({ length: 64 }, () => '0123456789abcdef'[Math.floor(rnd() * 16)]).join('');
  let t = Date.parse('2026-11-23T10:00:00.000Z');
  const events: AnyEvent[] = [];
  let state: RunState | undefined;
  const push = (e: NewEvent) => {
    t += Math.floor(rnd() * 180_000);
    const event = { ...e, seq: events.length + 1, at: new Date(t).toISOString(), prev: '' } as AnyEvent;
    events.push(event);
    state = state ? applyEvent(state, event, '') : reduce([event], '');
  };
  push({
    actor: 'Jane Doe',
    type: 'run.started',
    data: {
      runId: `prop-${seed}`,
      runbook: { id: 'prop', version: '1.0.0', title: 'Property runbook', sha256: 'c'.repeat(64) },
      mode: 'drill',
      t0: new Date(t).toISOString(),
      params: {},
      bindings: {},
      participants: [
        { name: 'Jane Doe', role: 'commander' },
        { name: 'Omar Haddad', role: 'dba' },
      ],
    },
  });
  const attempt = (stepId: string) => {
    const st = state!.steps[stepId];
    const n = Math.max(0, ...(st?.attempts ?? []).map((a) => a.attempt)) + 1;
    const hosts = rnd() < 0.3 ? ['db-1', 'db-2'] : ['local'];
    push({ actor: pick(ACTORS), type: 'step.started', data: { stepId, attempt: n, hosts } });
    if (rnd() < 0.1) return; // still running: finished later, or never
    finish(stepId, n, hosts);
  };
  const finish = (stepId: string, n: number, hosts: string[]) => {
    let ok = true;
    for (const host of hosts) {
      const exitCode = rnd() < 0.35 ? 1 : 0;
      ok &&= exitCode === 0;
      const evidence = { file: `outputs/${stepId}-${host}-${n}.log`, sha256: hex(), bytes: Math.floor(rnd() * 5000) };
      push({
        actor: 'Jane Doe',
        type: 'step.host.finished',
        data: {
          stepId,
          attempt: n,
          host,
          exitCode,
          durationMs: Math.floor(rnd() * 60_000),
          evidence,
          ...(exitCode ? { error: `exit ${exitCode}` } : {}),
        },
      });
    }
    const outcome: StepOutcome = ok ? 'succeeded' : pick(['failed', 'failed', 'timed-out', 'cancelled'] as const);
    push({
      actor: 'Jane Doe',
      type: 'step.finished',
      data: { stepId, attempt: n, outcome, ...(ok ? {} : { error: `${outcome} on ${hosts.join(', ')}` }) },
    });
  };

  const moves = 5 + Math.floor(rnd() * 60);
  for (let i = 0; i < moves && state!.status === 'active'; i++) {
    // Mostly steps that may go now, so runs get somewhere; sometimes any step, to be refused.
    const open = (id: string) =>
      ['pending', 'failed'].includes(state!.steps[id]?.status ?? 'pending') && !blockers(runbook, state!, id).length;
    const ready = steps.filter((s) => open(s.id)).map((s) => s.id);
    const stepId = ready.length && rnd() < 0.6 ? pick(ready) : pick(steps).id;
    const actor = pick(ACTORS);
    const r = rnd();
    try {
      if (r < 0.3) {
        // Run an executed step the way the runner does: only when it may start.
        const runnable = executed.filter((id) => open(id) || state!.steps[id]?.status === 'running');
        const id = runnable.length && rnd() < 0.8 ? pick(runnable) : pick(executed);
        const st = state!.steps[id];
        if (st?.status === 'running') {
          if (rnd() < 0.7) finish(id, st.attempt!, st.attempts.at(-1)!.targets);
        } else if ((st?.status ?? 'pending') === 'pending' || st?.status === 'failed') {
          if (!blockers(runbook, state!, id).length) attempt(id);
        }
        continue;
      }
      let cmd: StepCommand;
      if (r < 0.42) cmd = { kind: 'complete', stepId, actor, ...(rnd() < 0.4 ? { note: text() } : {}) };
      else if (r < 0.54) cmd = { kind: 'skip', stepId, actor, reason: text() };
      else if (r < 0.64) cmd = { kind: 'override', stepId, actor, reason: text() };
      else if (r < 0.76) cmd = { kind: 'reopen', stepId, actor, reason: text() };
      else if (r < 0.86) cmd = { kind: 'note', stepId, actor, text: text() };
      else if (r < 0.95)
        cmd = {
          kind: 'sign',
          stepId: pick(['approve', 'restore']),
          actor: rnd() < 0.7 ? 'Omar Haddad' : actor,
          ...(rnd() < 0.5 ? { comment: text() } : {}),
        };
      else {
        push(
          checkRunCommand(
            state!,
            runbook,
            { kind: 'participant', actor: 'Jane Doe', name: actor, role: pick(['dba', 'commander']) },
            new Date(t),
          ),
        );
        continue;
      }
      const next = checkStepCommand(state!, runbook, cmd);
      // Some sign-offs are key-confirmed, as the engine makes them with the signer's passphrase.
      if (next.type === 'gate.signed' && rnd() < 0.4)
        next.data = { ...next.data, confirmation: { method: 'key', certSha256: hex(), publicKey: 'PEM', signature: 'c2ln' } };
      push(next);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
    }
  }
  if (rnd() < 0.7) {
    const outcome = rnd() < 0.25 ? 'aborted' : 'completed';
    try {
      push(
        checkRunCommand(
          state!,
          runbook,
          { kind: 'end', actor: 'Jane Doe', outcome, ...(rnd() < 0.8 ? { reason: text() } : {}) },
          new Date(t),
        ),
      );
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
    }
  }
  return { events, state: reduce(events, 'f'.repeat(64)), now: new Date(t + 60_000) };
}

function model(c: Case): ReportModel {
  const clock = computeClock(runbook, c.state, c.now);
  return buildReportModel({
    runbook,
    state: c.state,
    clock,
    evidence: new Map(),
    journal: { lines: c.events.length, evidence: journalEvidence(c.events) },
    generatedAt: c.now.toISOString(),
  });
}

function check(c: Case): void {
  const m = model(c);
  const step = (id: string) => {
    const s = m.steps.find((x) => x.id === id);
    expect(s, `step ${id} in the model`).toBeDefined();
    return s!;
  };
  const attemptOf = (id: string, n: number) => {
    const a = step(id).attempts.find((x) => x.attempt === n);
    expect(a, `attempt ${n} of ${id}`).toBeDefined();
    return a!;
  };
  for (const e of c.events) {
    switch (e.type) {
      case 'step.started':
        expect(attemptOf(e.data.stepId, e.data.attempt)).toMatchObject({ by: e.actor, startedAt: e.at, targets: e.data.hosts });
        break;
      case 'step.host.finished': {
        const h = attemptOf(e.data.stepId, e.data.attempt).hosts.find((x) => x.host === e.data.host);
        expect(h).toMatchObject({
          exitCode: e.data.exitCode,
          durationMs: e.data.durationMs,
          evidence: e.data.evidence,
          ...(e.data.error ? { error: e.data.error } : {}),
        });
        break;
      }
      case 'step.finished':
        expect(attemptOf(e.data.stepId, e.data.attempt)).toMatchObject({
          endedAt: e.at,
          outcome: e.data.outcome,
          ...(e.data.error ? { error: e.data.error } : {}),
        });
        if (e.data.outcome !== 'succeeded') {
          expect(
            m.deviations.some((d) => d.stepId === e.data.stepId && d.text.includes(`ttempt ${e.data.attempt} `)),
            `deviation for failed attempt ${e.data.attempt} of ${e.data.stepId}`,
          ).toBe(true);
        }
        break;
      case 'gate.signed':
        expect(step(e.data.stepId).signOffs).toContainEqual({
          seq: e.seq,
          by: e.actor,
          at: e.at,
          role: e.data.role,
          ...(e.data.comment ? { comment: e.data.comment } : {}),
          ...(e.data.confirmation ? { confirmation: e.data.confirmation } : {}),
        });
        break;
      case 'step.completed':
        expect(step(e.data.stepId).decisions).toContainEqual({ seq: e.seq, type: 'completed', actor: e.actor, at: e.at });
        if (e.data.note)
          expect(step(e.data.stepId).notes).toContainEqual(expect.objectContaining({ seq: e.seq, text: e.data.note, actor: e.actor }));
        break;
      case 'step.skipped':
        expect(step(e.data.stepId).decisions).toContainEqual({
          seq: e.seq,
          type: 'skipped',
          actor: e.actor,
          at: e.at,
          reason: e.data.reason,
        });
        if (e.data.bypassed)
          expect(step(e.data.stepId).bypasses).toContainEqual(expect.objectContaining({ seq: e.seq, bypassed: e.data.bypassed }));
        break;
      case 'step.overridden':
        expect(step(e.data.stepId).decisions).toContainEqual({
          seq: e.seq,
          type: 'overridden',
          actor: e.actor,
          at: e.at,
          kind: e.data.kind,
          reason: e.data.reason,
        });
        if (e.data.bypassed)
          expect(step(e.data.stepId).bypasses).toContainEqual(expect.objectContaining({ seq: e.seq, bypassed: e.data.bypassed }));
        break;
      case 'step.reopened':
        expect(step(e.data.stepId).decisions).toContainEqual({
          seq: e.seq,
          type: 'reopened',
          actor: e.actor,
          at: e.at,
          reason: e.data.reason,
        });
        break;
      case 'note.added':
        expect(step(e.data.stepId).notes).toContainEqual(expect.objectContaining({ seq: e.seq, text: e.data.text, actor: e.actor }));
        break;
      default:
    }
  }
  // The outcome is runOutcome's, with the same counts and reasons, wherever it is read.
  const clock = computeClock(runbook, c.state, c.now);
  expect(m.outcome).toEqual(runOutcome(runbook, c.state, clock));
  for (const s of m.steps) {
    const st = c.state.steps[s.id];
    expect(s.state).toBe(st?.status ?? 'pending');
    // A skip of a step that stood failed is listed (and counted) as one after a failure.
    const kind = s.state === 'skipped' && standingFailure(st) ? 'skipped-after-failure' : s.state;
    if (s.state === 'skipped' || s.state === 'overridden')
      expect(m.deviations.some((d) => d.stepId === s.id && d.kind === kind)).toBe(true);
    for (const b of s.bypasses)
      expect(m.deviations.some((d) => d.stepId === s.id && d.kind === 'bypass' && b.bypassed.every((w) => d.text.includes(w)))).toBe(true);
  }
  if (m.outcome.result === 'not-recovered') expect(m.deviations.map((d) => d.kind)).toContain('not-recovered');
  // The headline and the deviations agree: an ended run is a clean RECOVERED exactly when the
  // report lists no deviation the outcome counts.
  if (m.outcome.final) expect(m.outcome.result === 'recovered').toBe(!m.deviations.some((d) => OUTCOME_KINDS.has(d.kind)));
  if (m.outcome.result === 'aborted') expect(m.deviations.map((d) => d.kind)).toContain('aborted');
  // RTO met is only claimed for a run that ended recovered within its target.
  if (m.rto.met) expect(m.outcome.final && m.outcome.result.startsWith('recovered') && m.rto.achievedMs <= m.rto.targetMs!).toBe(true);
  expect(m.evidence.map((e) => e.sha256).sort()).toEqual(
    journalEvidence(c.events)
      .map((e) => e.sha256)
      .sort(),
  );

  // And the printed page says it: the label, the counts, every reason and every hash.
  const html = reportHtml(m, { timeZone: 'UTC' });
  expect(html).toContain(esc(RESULT_LABEL[m.outcome.result]));
  expect(html).toContain(esc(countsText(m.outcome.counts)));
  for (const r of m.outcome.reasons) expect(html).toContain(esc(r));
  for (const e of c.events) {
    if (e.type === 'step.host.finished') expect(html).toContain(e.data.evidence.sha256);
    if (e.type === 'step.skipped' || e.type === 'step.overridden' || e.type === 'step.reopened') expect(html).toContain(esc(e.data.reason));
    if (e.type === 'note.added') expect(html).toContain(esc(e.data.text));
    if (e.type === 'gate.signed') {
      const how = e.data.confirmation
        ? `confirmed with signing key <span class="hash">${e.data.confirmation.certSha256.slice(0, 16)}…</span>`
        : 'self-asserted (typed name)';
      expect(html).toContain(`Signed off by ${esc(e.actor)} (${esc(e.data.role)})`);
      expect(html).toContain(how);
    }
  }
  if (m.outcome.result === 'not-recovered' || m.outcome.result === 'aborted' || !m.outcome.final) expect(html).not.toContain('RTO MET');
}

describe('the report model holds the whole journal and the one outcome', () => {
  it('for 300 random runs', () => {
    let ended = 0;
    let attempts = 0;
    let overrides = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const c = generate(seed);
      try {
        check(c);
      } catch (err) {
        (err as Error).message = `seed ${seed}: ${(err as Error).message}`;
        throw err;
      }
      if (c.state.status !== 'active') ended++;
      attempts += c.events.filter((e) => e.type === 'step.started').length;
      overrides += c.events.filter((e) => e.type === 'step.overridden').length;
    }
    // The generator reaches the interesting cases, not only refusals.
    expect(ended).toBeGreaterThan(100);
    expect(attempts).toBeGreaterThan(150);
    expect(overrides).toBeGreaterThan(20);
  });
});
