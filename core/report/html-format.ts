// Text helpers for the report HTML: every value from a run passes through esc() before it
// reaches markup; times are shown in UTC and in the reader's chosen local zone.
import { formatDuration } from '../runbook/duration';
import { localParts } from '../run/local-time';

export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface TimeFormat {
  /** IANA zone for local times, e.g. Europe/Berlin. */
  timeZone: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-11-23 10:05:00 UTC`. */
export function utc(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return esc(iso);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
}

/** `11:05:00 CET` (with the date when it differs from the UTC date). */
export function local(iso: string | undefined, f: TimeFormat): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  // en-CA: the report's zone names ("GMT+1"), through the one cached formatter of run/local-time.
  const p = localParts(d, f.timeZone, 'en-CA');
  const sameDay = p.date === d.toISOString().slice(0, 10);
  return `${sameDay ? '' : `${p.date} `}${p.time} ${p.zone}`;
}

/** UTC with the local time beside it, as HTML. */
export function when(iso: string | undefined, f: TimeFormat): string {
  if (!iso) return '—';
  const l = local(iso, f);
  return `${esc(utc(iso))}${l ? ` <span class="local">(${esc(l)})</span>` : ''}`;
}

/** A start–end interval on one line: `2026-11-23 10:00:00 → 10:00:20 UTC (11:00:00 → 11:00:20 GMT+1)`. */
export function span(start: string | undefined, end: string | undefined, f: TimeFormat): string {
  if (!start || !end) return `${when(start, f)} → ${end ? when(end, f) : 'not ended'}`;
  const [a, b] = [utc(start), utc(end)];
  const sameDay = a.slice(0, 10) === b.slice(0, 10);
  const [la, lb] = [local(start, f), local(end, f)];
  // One zone name for both ends when they share it: "11:00:00 → 11:00:20 GMT+1".
  const zone = la.split(' ').at(-1);
  const laShort = zone && lb.endsWith(` ${zone}`) ? la.slice(0, -zone.length - 1) : la;
  const localPart = la && lb ? ` <span class="local">(${esc(laShort)} → ${esc(lb)})</span>` : '';
  return `${esc(sameDay ? `${a.slice(0, -4)} → ${b.slice(11)}` : `${a} → ${b}`)}${localPart}`;
}

export const dur = (ms: number | undefined): string => (ms === undefined ? '—' : ms < 1000 && ms > 0 ? `${ms} ms` : formatDuration(ms));

/** Signed difference as "+15m" / "-2m". */
export const delta = (ms: number): string => `${ms > 0 ? '+' : ms < 0 ? '−' : '±'}${formatDuration(Math.abs(ms))}`;

/** A hash, unbroken so it can be copied and searched (CSS lets it wrap anywhere). */
export const hex = (value: string): string => `<span class="hash">${esc(value)}</span>`;

export const STATE_LABEL: Record<string, string> = {
  done: '✔ DONE',
  failed: '✘ FAILED',
  skipped: '↷ SKIPPED',
  overridden: '⚠ OVERRIDDEN',
  running: '▶ RUNNING',
  pending: '○ NOT DONE',
};
