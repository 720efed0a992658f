// A runbook from markdown and a run built event by event at chosen times, for the clock,
// readiness and timeline tests (no engine, no disk: the clock is pure).
import type { AnyEvent, EventData, EventType } from '../../../core/run/events';
import { reduce } from '../../../core/run/reduce';
import type { RunState } from '../../../core/run/state';
import type { Runbook } from '../../../core/runbook/model';
import { parseRunbook } from '../../../core/runbook/parse';

/** Budgets 30m + 2h + 1h: deadlines T0+30m, T0+2h30m, T0+3h30m; RTO 4h. */
export const SAMPLE = `---
id: sample
title: Sample restore
version: 1.0.0
rto: 4h
---

# Assess {budget=30m}

- [ ] Declare the incident {id=declare estimate=10m}
- [ ] Scope the failure {id=scope estimate=10m}

# Recover {budget=2h}

## Restore the backup {id=restore estimate=1h}

Restore it.

## Verify the data {id=verify estimate=30m gate=commander}

Check it.

# Close {budget=1h}

- [ ] Notify stakeholders {id=notify}
- [ ] Review {id=review estimate=20m}
`;

export function runbookFrom(source: string): Runbook {
  const r = parseRunbook(source, 'sample.md');
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.line}:${e.column}: ${e.message}`).join('\n'));
  return r.runbook;
}

export const MIN = 60_000;

export type Entry = { [T in EventType]: [minutes: number, type: T, data: EventData[T], actor?: string] }[EventType];

/**
 * A run of `runbook` with T0 = `t0`, opened `openedAfter` minutes later, then `entries` at
 * minutes after T0. Participants: jane (commander), omar (operator).
 */
export function runAt(runbook: Runbook, t0: string, entries: readonly Entry[] = [], openedAfter = 0): RunState {
  const base = Date.parse(t0);
  const at = (m: number) => new Date(base + m * MIN).toISOString();
  const started: AnyEvent = {
    seq: 1,
    at: at(openedAfter),
    actor: 'jane',
    type: 'run.started',
    data: {
      runId: 'r1',
      runbook: { id: runbook.id, version: runbook.version, title: runbook.title, sha256: '0'.repeat(64) },
      mode: 'drill',
      t0: new Date(base).toISOString(),
      params: {},
      bindings: {},
      participants: [
        { name: 'jane', role: 'commander' },
        { name: 'omar', role: 'operator' },
      ],
    },
    prev: '0'.repeat(64),
  };
  const rest = entries.map(
    ([m, type, data, actor], i) => ({ seq: i + 2, at: at(m), actor: actor ?? 'jane', type, data, prev: '0'.repeat(64) }) as AnyEvent,
  );
  return reduce([started, ...rest], 'head');
}

export const minutesAfter = (t0: string, m: number) => new Date(Date.parse(t0) + m * MIN);
