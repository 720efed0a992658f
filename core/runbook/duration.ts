// Durations as runbooks write them: `30s`, `5m`, `2h`, `1h30m`, `1d`, `1d2h`. Units run from
// days down to seconds, each at most once, whole numbers only, so every duration has exactly
// one spelling and `formatDuration(parseDuration(x))` gives the canonical form back.

const UNITS = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
] as const;

const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Milliseconds, or undefined when `text` is not a duration. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  const m = DURATION.exec(t);
  if (!m || t === '') return undefined;
  let ms = 0;
  for (let i = 0; i < UNITS.length; i++) {
    const n = m[i + 1];
    if (n !== undefined) ms += Number(n) * UNITS[i]![1];
  }
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/** `1h30m`, `45s`, `0s`; negative values get a leading `-`; sub-second parts are dropped. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  let rest = Math.floor(Math.abs(ms) / 1000) * 1000;
  let out = '';
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  if (out === '') return '0s';
  return ms < 0 ? `-${out}` : out;
}

export const DURATION_HINT = 'a duration like 30s, 5m, 2h, 1h30m or 1d';
