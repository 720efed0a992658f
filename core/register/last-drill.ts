// The register's "Last drill" cell in words, for the app, `drillbook register` and the audit
// summary alike: the newest drill as it ended (an aborted one too: it was attempted), which drill
// the next due date counts when that is another one, and the last drill that recovered when the
// newest did not. Pure, no Node imports; each view passes its own date format.
import type { RunResult } from '../run/events';
import type { RegisterEntry } from './register';
import { isRecovered } from '../run/outcome';

const ENDED: Record<RunResult, string> = {
  recovered: 'recovered',
  'recovered-with-deviations': 'recovered with deviations',
  'not-recovered': 'not recovered',
  aborted: 'aborted',
};

export interface LastDrillWords {
  /** "aborted 2026-11-30", "recovered 2026-11-02", or "never drilled". */
  when: string;
  /** What else a reader must know to not read the cell as better than it is. */
  notes: string[];
}

export function lastDrillWords(
  e: Pick<RegisterEntry, 'newestDrill' | 'lastDrill' | 'lastRecoveredDrill'>,
  date: (iso: string) => string,
): LastDrillWords {
  const d = e.newestDrill;
  if (!d) return { when: 'never drilled', notes: [] };
  const notes: string[] = [];
  const counted = e.lastDrill;
  const lastRecovered = e.lastRecoveredDrill;
  // The counted drill and the last recovered one are often the same: named once.
  const same = counted !== undefined && counted.runId === lastRecovered?.runId;
  if (counted?.runId !== d.runId)
    notes.push(
      !counted
        ? 'no drill counts toward the cadence yet (an aborted drill does not count)'
        : `the next due date counts the ${same ? 'last recovered drill, of' : 'drill of'} ${date(counted.t0)} (an aborted drill does not count)`,
    );
  if (!isRecovered(d.result) && !(same && counted.runId !== d.runId))
    notes.push(lastRecovered ? `last recovered drill: ${date(lastRecovered.t0)}` : 'no drill has recovered yet');
  return { when: `${ENDED[d.result]} ${date(d.t0)}`, notes };
}
