// A run as a JUnit XML report, the format CI servers (Jenkins, GitLab, GitHub Actions reporters)
// read: one <testsuite> per phase, one <testcase> per step (classname "<runbook>.<phase>"), and a
// last suite "outcome" whose one testcase fails exactly when the headless exit code is 1. A step
// that failed is a <failure> (an <error> when a host could not run it at all) carrying the exit
// codes and an excerpt of its output, also when the run went on (continue-on-failure) or the
// failure was accepted or skipped: a failure is a fact. Other skipped steps, steps marked done
// without running and steps the run never reached are <skipped>. Times are seconds; timestamps UTC.
import { countsText, RESULT_LABEL } from '../outcome';
import type { Excerpt } from '../../report/evidence-excerpts';
import type { AttemptReport, StepReport } from '../../report/report-model';
import { OVERRIDE_TEXT } from '../../report/step-report';
import { formatDuration } from '../../runbook/duration';
import type { FinishedRun } from './finished-run';
import { xmlAttr, xmlText } from './xml-text';

type Failed = { kind: 'failure' | 'error'; type: string; message: string; body: string };
type Verdict = { kind: 'passed' } | { kind: 'skipped'; message: string } | Failed;

interface Case {
  classname: string;
  name: string;
  seconds: number;
  verdict: Verdict;
  out: string[];
}

const seconds = (ms: number | undefined) => ((ms ?? 0) / 1000).toFixed(3);
/** Ant's form (no zone): the one every JUnit reader accepts. The instants are UTC. */
const stamp = (iso: string) => iso.slice(0, 19);

export function excerptLines(e: Excerpt | undefined): string[] {
  if (!e) return [];
  return [...e.head, ...(e.omitted ? [`… ${e.omitted} lines omitted …`] : []), ...e.tail];
}

/** "exit code 3 on db-1; db-2: connection refused" for the hosts of one attempt. */
function hostsText(a: AttemptReport): string {
  return a.hosts
    .map((h) => (h.error ? `${h.host}: ${h.error}` : `exit code ${h.exitCode ?? `none (${h.signal ?? 'killed'})`} on ${h.host}`))
    .join('; ');
}

/** The output of an attempt, each host's excerpt under a header naming its evidence file. */
function attemptOutput(a: AttemptReport): string[] {
  return a.hosts.flatMap((h) => [
    `--- ${h.host}, attempt ${a.attempt} (${h.evidence.file}, ${h.evidence.bytes} bytes)`,
    ...excerptLines(h.excerpt),
  ]);
}

const lastFailed = (s: StepReport) => [...s.attempts].reverse().find((a) => a.outcome && a.outcome !== 'succeeded');

function failed(s: StepReport, a: AttemptReport | undefined, why: string): Failed {
  const couldNotRun = a !== undefined && a.hosts.length > 0 && a.hosts.every((h) => h.error && h.exitCode === null);
  const what = a ? `attempt ${a.attempt} ${a.outcome ?? 'failed'}${a.hosts.length ? `: ${hostsText(a)}` : ''}` : (s.outcome ?? 'failed');
  const error = a?.error ?? s.error;
  return {
    kind: couldNotRun ? 'error' : 'failure',
    type: a?.outcome ?? s.outcome ?? 'failed',
    message: [why, what, error && !what.includes(error) ? error : ''].filter(Boolean).join('; '),
    body: (a ? attemptOutput(a) : []).join('\n'),
  };
}

function verdict(s: StepReport, run: FinishedRun, continueOnFailure: boolean): Verdict {
  switch (s.state) {
    case 'done':
      return { kind: 'passed' };
    case 'failed':
      return failed(s, lastFailed(s), continueOnFailure ? 'failed (continue-on-failure: the run went on)' : 'failed');
    case 'skipped':
      // A skip past a failure overrides it, as an accepted failure does: the failure stays a <failure>.
      if (s.skippedAfterFailure)
        return {
          ...failed(s, lastFailed(s), `skipped after it failed, by ${s.by ?? '?'}: ${s.skipReason ?? ''}`),
          type: 'skipped-after-failure',
        };
      return { kind: 'skipped', message: `skipped by ${s.by ?? '?'}: ${s.skipReason ?? ''}` };
    case 'overridden': {
      const o = s.override!;
      const why = `${OVERRIDE_TEXT[o.kind]} by ${o.by}: ${o.reason}`;
      return o.kind === 'not-run' ? { kind: 'skipped', message: why } : { ...failed(s, lastFailed(s), why), type: o.kind };
    }
    default: {
      const st = run.state;
      const why =
        st.status === 'active'
          ? `not finished: the run is still open (${s.state})`
          : `not run: the run ended ${st.status}${st.endReason ? ` (${st.endReason})` : ''} before this step was finished`;
      return { kind: 'skipped', message: why };
    }
  }
}

function stepOut(s: StepReport): string[] {
  const attempts = s.attempts.map(
    (a) => `attempt ${a.attempt} by ${a.by}: ${a.outcome ?? 'no end recorded'}${a.hosts.length ? ` (${hostsText(a)})` : ''}`,
  );
  const last = s.attempts.at(-1);
  return [
    ...(s.state === 'done' && s.by ? [`done by ${s.by} at ${s.at}`] : []),
    ...attempts,
    ...s.notes.map((n) => `note by ${n.actor} at ${n.at}: ${n.text}`),
    ...(s.state === 'done' && last ? attemptOutput(last) : []),
  ];
}

function outcomeCase(run: FinishedRun, classname: string): Case {
  const o = run.outcome;
  const { rto, rpo } = run.model;
  const out = [
    `${RESULT_LABEL[o.result]}${o.final ? '' : ' so far (the run has not ended)'}: ${countsText(o.counts)}`,
    ...o.reasons.map((r) => `- ${r}`),
    `achieved ${formatDuration(rto.achievedMs)} from T0${rto.targetMs !== undefined ? ` against an RTO of ${formatDuration(rto.targetMs)}` : ''}`,
    ...(rpo.backupAgeMs !== undefined ? [`newest backup ${formatDuration(rpo.backupAgeMs)} old (step ${rpo.foundBy})`] : []),
  ];
  const bad = o.result === 'not-recovered' || o.result === 'aborted';
  return {
    classname,
    name: 'run outcome',
    seconds: rto.achievedMs / 1000,
    verdict: bad
      ? { kind: 'failure', type: o.result, message: `${RESULT_LABEL[o.result]}: ${o.reasons.join('; ')}`, body: '' }
      : { kind: 'passed' },
    out,
  };
}

function caseXml(c: Case): string {
  const v = c.verdict;
  const inner =
    v.kind === 'passed'
      ? ''
      : v.kind === 'skipped'
        ? `<skipped message="${xmlAttr(v.message)}"/>`
        : `<${v.kind} type="${xmlAttr(v.type)}" message="${xmlAttr(v.message)}">${xmlText(v.body)}</${v.kind}>`;
  const out = c.out.length ? `<system-out>${xmlText(c.out.join('\n'))}</system-out>` : '';
  const attrs = `classname="${xmlAttr(c.classname)}" name="${xmlAttr(c.name)}" time="${seconds(c.seconds * 1000)}"`;
  return inner || out ? `    <testcase ${attrs}>${inner}${out}</testcase>` : `    <testcase ${attrs}/>`;
}

const tally = (cases: Case[]) => ({
  tests: cases.length,
  failures: cases.filter((c) => c.verdict.kind === 'failure').length,
  errors: cases.filter((c) => c.verdict.kind === 'error').length,
  skipped: cases.filter((c) => c.verdict.kind === 'skipped').length,
});

function suiteXml(o: {
  name: string;
  id: number;
  pkg: string;
  ms: number | undefined;
  timestamp: string;
  props: [string, string][];
  cases: Case[];
}) {
  const t = tally(o.cases);
  const props = o.props.map(([k, v]) => `      <property name="${xmlAttr(k)}" value="${xmlAttr(v)}"/>`);
  return [
    `  <testsuite name="${xmlAttr(o.name)}" id="${o.id}" package="${xmlAttr(o.pkg)}" tests="${t.tests}" failures="${t.failures}" errors="${t.errors}" skipped="${t.skipped}" time="${seconds(o.ms)}" timestamp="${stamp(o.timestamp)}" hostname="drillbook">`,
    ...(props.length ? ['    <properties>', ...props, '    </properties>'] : []),
    ...o.cases.map(caseXml),
    '  </testsuite>',
  ];
}

export function junitXml(run: FinishedRun): string {
  const { runbook, state, clock, model } = run;
  const byId = new Map(model.steps.map((s) => [s.id, s]));
  const phaseClock = new Map(clock.phases.map((p) => [p.id, p]));
  const suites: { lines: string[]; cases: Case[] }[] = runbook.phases.map((phase, i) => {
    const pc = phaseClock.get(phase.id);
    const classname = `${runbook.id}.${phase.id}`;
    const cases = phase.steps.map((step): Case => {
      const s = byId.get(step.id)!;
      return {
        classname,
        name: `${step.title} [${step.id}]`,
        seconds: (s.durationMs ?? 0) / 1000,
        verdict: verdict(s, run, !!step.attrs.continueOnFailure),
        out: stepOut(s),
      };
    });
    const props: [string, string][] = [
      ['phase', phase.id],
      ...(pc?.budgetMs !== undefined ? ([['budget.seconds', String(pc.budgetMs / 1000)]] as [string, string][]) : []),
      ['late', String(pc?.late ?? false)],
    ];
    const lines = suiteXml({
      name: `${runbook.id}: ${phase.title}`,
      id: i,
      pkg: runbook.id,
      ms: pc?.elapsedMs,
      timestamp: pc?.start ?? state.t0,
      props,
      cases,
    });
    return { lines, cases };
  });
  const outcome = outcomeCase(run, `${runbook.id}.outcome`);
  const runProps: [string, string][] = [
    ['run.id', state.runId],
    ['runbook', `${state.runbook.id}@${state.runbook.version}`],
    ['runbook.sha256', state.runbook.sha256],
    ['mode', state.mode],
    ['t0', state.t0],
    ...(state.endedAt ? ([['ended', state.endedAt]] as [string, string][]) : []),
    ['result', run.outcome.result],
    ...(model.rto.targetMs !== undefined ? ([['rto.seconds', String(model.rto.targetMs / 1000)]] as [string, string][]) : []),
    ['achieved.seconds', String(model.rto.achievedMs / 1000)],
  ];
  suites.push({
    lines: suiteXml({
      name: `${runbook.id}: outcome`,
      id: suites.length,
      pkg: runbook.id,
      ms: model.rto.achievedMs,
      timestamp: state.t0,
      props: runProps,
      cases: [outcome],
    }),
    cases: [outcome],
  });
  const all = tally(suites.flatMap((s) => s.cases));
  const title = `${runbook.id}@${runbook.version} ${state.mode} ${state.runId}`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlAttr(title)}" tests="${all.tests}" failures="${all.failures}" errors="${all.errors}" skipped="${all.skipped}" time="${seconds(clock.elapsedMs)}">`,
    ...suites.flatMap((s) => s.lines),
    '</testsuites>',
    '',
  ].join('\n');
}
