// Durations as documents write them: `4 hours`, `30 min`, `1.5 h`, `2 days`, `45s`, `1h30m`.
// Only ever applied to one short phrase (a heading, a table cell), never to a whole document.
import { parseDuration } from '../runbook/duration';

const UNIT_MS: [RegExp, number][] = [
  [/^(?:s|secs?|seconds?)$/i, 1_000],
  [/^(?:m|mins?|minutes?)$/i, 60_000],
  [/^(?:h|hrs?|hours?)$/i, 3_600_000],
  [/^(?:d|days?|business days?)$/i, 86_400_000],
  [/^(?:w|wks?|weeks?)$/i, 7 * 86_400_000],
];

/** A number then a unit word: `4 hours`, `30min`, `1.5 h`. */
export const AMOUNT = String.raw`(\d+(?:[.,]\d+)?)\s*(seconds?|secs?|minutes?|mins?|hours?|hrs?|business\s+days?|days?|weeks?|wks?|[smhdw])\b`;

export function unitMs(unit: string): number | undefined {
  const u = unit.replace(/\s+/g, ' ');
  return UNIT_MS.find(([re]) => re.test(u))?.[1];
}

/** Milliseconds of `amount unit`, whole seconds; undefined for an unknown unit. */
export function amountMs(amount: string, unit: string): number | undefined {
  const per = unitMs(unit);
  const n = Number(amount.replace(',', '.'));
  if (per === undefined || !Number.isFinite(n)) return undefined;
  return Math.round((n * per) / 1000) * 1000;
}

/** The first duration in a short phrase (`≤ 4 hours`, `4h`, `1h30m`), in milliseconds. */
export function firstDuration(phrase: string): number | undefined {
  const compact = /(?:^|[^\w.])(\d+[dhms](?:\d+[hms])*)(?![\w.])/.exec(phrase);
  if (compact) {
    const ms = parseDuration(compact[1]!);
    if (ms !== undefined) return ms;
  }
  const m = new RegExp(AMOUNT, 'i').exec(phrase);
  return m ? amountMs(m[1]!, m[2]!) : undefined;
}
