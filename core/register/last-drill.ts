// The register's "Last drill" cell in words, for the app, `drillbook register` and the audit
// summary alike: the newest drill as it ended (an aborted one too: it was attempted), which drill
// the next due date counts when that is another one, and the last drill that recovered when the
// newest did not. Pure, no Node imports; each view passes its own date format.
import type { RunResult } from '../run/events';
import type { RegisterEntry } from './register';

const ENDED: Record<RunResult, string> = {
  recovered: 'recovered',
  'recovered-with-deviations': 'recovered with deviations',
  'not-recovered': 'not recovered',
  aborted: 'aborted',
};

const recovered = (r: RunResult) => r === 'recovered' || r === 'recovered-with-deviations';

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
  if (e.lastDrill?.runId !== d.runId)
    notes.push(
      e.lastDrill
        ? `the next due date counts the drill of ${date(e.lastDrill.t0)} (an aborted drill does not count)`
        : 'no drill counts toward the cadence yet (an aborted drill does not count)',
    );
  if (!recovered(d.result))
    notes.push(e.lastRecoveredDrill ? `last recovered drill: ${date(e.lastRecoveredDrill.t0)}` : 'no drill has recovered yet');
  return { when: `${ENDED[d.result]} ${date(d.t0)}`, notes };
}
