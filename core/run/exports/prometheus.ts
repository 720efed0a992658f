// A run as a Prometheus textfile (text exposition format 0.0.4) for node_exporter's textfile
// collector: one file per runbook, replaced by each run, so the series are "the last run of this
// runbook". Alert on drillbook_run_success == 0, on achieved > RTO, or on
// time() - drillbook_last_run_timestamp_seconds growing past the drill cadence.
import type { FinishedRun } from './finished-run';
import type { RunResult } from '../events';
import { isRecovered } from '../outcome';

const STATE_LABEL: Record<string, string> = { notDone: 'not-done', skippedAfterFailure: 'skipped-after-failure' };
const RESULTS: RunResult[] = ['recovered', 'recovered-with-deviations', 'not-recovered', 'aborted'];

/** The textfile's name: metric-name characters only, so the collector and shells take it as is. */
export const metricsFileName = (runbookId: string) => `drillbook_${runbookId.replace(/[^A-Za-z0-9_]/g, '_')}.prom`;

/** A label value as the exposition format wants it: backslash, double quote and line feed escaped. */
export const labelValue = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const helpText = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

type Labels = Record<string, string>;

interface Family {
  name: string;
  help: string;
  samples: { labels: Labels; value: number }[];
}

const labels = (l: Labels) =>
  `{${Object.entries(l)
    .map(([k, v]) => `${k}="${labelValue(v)}"`)
    .join(',')}}`;

const num = (v: number) => (Number.isFinite(v) ? String(v) : v > 0 ? '+Inf' : v < 0 ? '-Inf' : 'NaN');

export function prometheusText(run: FinishedRun): string {
  const { runbook, state, clock, outcome, model } = run;
  const base: Labels = { runbook: runbook.id, mode: state.mode };
  const s = (value: number, extra: Labels = {}) => ({ labels: { ...base, ...extra }, value });
  const sec = (ms: number) => ms / 1000;
  const endedAt = Date.parse(state.endedAt ?? clock.now);
  const families: Family[] = [
    {
      name: 'drillbook_run_info',
      help: 'The last run of the runbook: its run id and the runbook version it followed (always 1).',
      samples: [s(1, { version: runbook.version, run_id: state.runId, status: state.status })],
    },
    {
      name: 'drillbook_run_outcome',
      help: 'Outcome of the last run, derived from its journal: 1 for the result it had, 0 for the others.',
      samples: RESULTS.map((r) => s(r === outcome.result ? 1 : 0, { result: r })),
    },
    {
      name: 'drillbook_run_success',
      help: 'Whether the last run recovered, with or without deviations (the headless exit code 0).',
      samples: [s(isRecovered(outcome.result) ? 1 : 0)],
    },
    {
      name: 'drillbook_run_achieved_seconds',
      help: 'Recovery time achieved by the last run: seconds from T0 to its end (or to now while open).',
      samples: [s(sec(clock.elapsedMs))],
    },
    ...(runbook.rtoMs !== undefined
      ? [{ name: 'drillbook_rto_seconds', help: 'The RTO target of the runbook, in seconds.', samples: [s(sec(runbook.rtoMs))] }]
      : []),
    ...(model.rpo.backupAgeMs !== undefined
      ? [
          {
            name: 'drillbook_backup_age_seconds',
            help: 'Age of the newest backup the last run found (its s3-check step), in seconds.',
            samples: [s(sec(model.rpo.backupAgeMs), { step: model.rpo.foundBy ?? '' })],
          },
        ]
      : []),
    ...(runbook.rpoMs !== undefined
      ? [{ name: 'drillbook_rpo_seconds', help: 'The RPO target of the runbook, in seconds.', samples: [s(sec(runbook.rpoMs))] }]
      : []),
    {
      name: 'drillbook_phase_seconds',
      help: 'Time each phase of the last run took (phases that never started are left out).',
      samples: clock.phases.flatMap((p) => (p.elapsedMs === undefined ? [] : [s(sec(p.elapsedMs), { phase: p.id, title: p.title })])),
    },
    {
      name: 'drillbook_phase_budget_seconds',
      help: 'Time budget of each phase that has one, in seconds.',
      samples: clock.phases.flatMap((p) => (p.budgetMs === undefined ? [] : [s(sec(p.budgetMs), { phase: p.id, title: p.title })])),
    },
    {
      name: 'drillbook_phase_late',
      help: 'Whether each phase of the last run ended past its deadline (1) or not (0).',
      samples: clock.phases.map((p) => s(p.late ? 1 : 0, { phase: p.id, title: p.title })),
    },
    {
      name: 'drillbook_run_steps',
      help: 'Steps of the last run by how they ended.',
      samples: (['done', 'skipped', 'skippedAfterFailure', 'overridden', 'failed', 'notDone'] as const).map((k) =>
        s(outcome.counts[k], { state: STATE_LABEL[k] ?? k }),
      ),
    },
    {
      name: 'drillbook_last_run_timestamp_seconds',
      help: 'When the last run ended (Unix time; now for a run still open).',
      samples: [s(endedAt / 1000)],
    },
  ];
  return (
    families
      .filter((f) => f.samples.length)
      .flatMap((f) => [
        `# HELP ${f.name} ${helpText(f.help)}`,
        `# TYPE ${f.name} gauge`,
        ...f.samples.map((x) => `${f.name}${labels(x.labels)} ${num(x.value)}`),
      ])
      .join('\n') + '\n'
  );
}
