// A phase's time window in its heading: `Phase 1: Declaration (0-30 min)`, `(30–120 minutes)`,
// `Recovery 0–4 h`, `(T+30m to T+2h)`, or a length alone, `(30 min)`. Windows are offsets from
// T0, so a window's end is the phase's deadline; the budget follows from the deadlines.
import { parseDuration } from '../runbook/duration';
import { amountMs, unitMs } from './spoken-duration';

export interface PhaseWindow {
  /** The heading without the window (and without separators left dangling). */
  title: string;
  /** As written, for the report. */
  written: string;
  startMs?: number;
  /** End of the window; for a length alone (`(30 min)`), the length. */
  endMs: number;
  kind: 'range' | 'length';
}

const UNIT = String.raw`(seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|[smhd])`;
const NUM = String.raw`(?:T0?\s*\+\s*)?(\d+(?:[.,]\d+)?)\s*`;
const RANGE = new RegExp(String.raw`[([]?\s*${NUM}${UNIT}?\s*(?:-|–|—|to|until)\s*${NUM}${UNIT}\b\s*[)\]]?`, 'i');
const LENGTH = new RegExp(String.raw`[([]\s*(?:~|≈|approx\.?|up to|within|first|max\.?)?\s*(\d+(?:[.,]\d+)?)\s*${UNIT}\b\s*[)\]]`, 'i');

// `(1h30m)`: the runbook format's own spelling.
const COMPACT = /[([]\s*(\d+[dhms](?:\d+[hms])+)\s*[)\]]/;

const clean = (s: string) =>
  s
    .replace(/\s+/g, ' ')
    .replace(/[\s:–—-]+$/, '')
    .replace(/^[\s:–—-]+/, '')
    .trim();

export function phaseWindow(heading: string): PhaseWindow | undefined {
  const r = RANGE.exec(heading);
  if (r) {
    const endUnit = r[4]!;
    const startMs = amountMs(r[1]!, r[2] ?? endUnit);
    const endMs = amountMs(r[3]!, endUnit);
    if (startMs !== undefined && endMs !== undefined && unitMs(endUnit) !== undefined) {
      return {
        title: clean(heading.slice(0, r.index) + ' ' + heading.slice(r.index + r[0].length)),
        written: r[0].trim(),
        startMs,
        endMs,
        kind: 'range',
      };
    }
  }
  const c = COMPACT.exec(heading);
  const compactMs = c ? parseDuration(c[1]!) : undefined;
  if (c && compactMs)
    return {
      title: clean(heading.slice(0, c.index) + ' ' + heading.slice(c.index + c[0].length)),
      written: c[0].trim(),
      endMs: compactMs,
      kind: 'length',
    };
  const l = LENGTH.exec(heading);
  if (l) {
    const endMs = amountMs(l[1]!, l[2]!);
    if (endMs !== undefined && endMs > 0)
      return {
        title: clean(heading.slice(0, l.index) + ' ' + heading.slice(l.index + l[0].length)),
        written: l[0].trim(),
        endMs,
        kind: 'length',
      };
  }
  return undefined;
}

/** `Phase 2: …`, `Stage III – …`: a heading that names itself a phase even without a window. */
export const namesAPhase = (heading: string) => /^\s*(?:phase|stage)\s*(?:\d+|[ivx]+\b|[a-z]\b|one|two|three|four|five|six)/i.test(heading);
