// Durations and times as the runbook format writes them (4h, 1h30m), so the screen, the file
// and the report use the same words.
import { formatTime } from '../../../core/run/local-time';

const units: [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
];

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  let rest = Math.round(Math.abs(ms) / 1000) * 1000;
  if (rest === 0) return '0s';
  let out = '';
  for (const [u, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${u}`;
    rest -= n * size;
  }
  return (ms < 0 ? '-' : '') + out;
}

/** How long ago, at a glance: "just now", "12 min ago", "3h ago", "2 days ago". */
export function formatAgo(ms: number): string {
  const min = Math.floor(ms / 60_000);
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h}h ago`;
  return `${Math.floor(h / 24)} days ago`;
}

/** A clock-style elapsed time (1:02:03) for the run header: easier to read at a glance. */
export function formatClock(ms: number): string {
  const neg = ms < 0;
  const t = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(t / 3600);
  const m = String(Math.floor((t % 3600) / 60)).padStart(2, '0');
  const s = String(t % 60).padStart(2, '0');
  return `${neg ? '-' : ''}${h}:${m}:${s}`;
}

/**
 * Local time with UTC beside it ("15:05:00 CET (14:05:00 UTC)"); the date too when it is not
 * today (runs may span midnight). The same helper as the CLI, so both print the same words.
 */
export function formatWhen(iso: string | undefined, now = new Date()): string {
  if (!iso) return '';
  return formatTime(iso, { today: now });
}

export { formatTime };

/** The value a datetime-local input expects, in local time. */
export function toLocalInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
