// --from / --to as people type them: a date (the whole day, UTC) or an ISO timestamp.
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `end`: a bare date means the end of that day (to 23:59:59.999 UTC), so `--to 2026-11-30` includes the 30th. */
export function parsePeriodBound(text: string, end: boolean, flag: string): Date {
  const t = text.trim();
  const ms = DAY.test(t) ? Date.parse(`${t}T00:00:00.000Z`) + (end ? 86_400_000 - 1 : 0) : Date.parse(t);
  if (!Number.isFinite(ms) || !(DAY.test(t) || /^\d{4}-\d{2}-\d{2}T/.test(t)))
    throw new Error(`${flag} "${text}": expected a date like 2026-11-30 or a timestamp like 2026-11-30T12:00:00Z`);
  return new Date(ms);
}

export function parsePeriod(from?: string, to?: string): { from?: Date; to?: Date } {
  const f = from === undefined ? undefined : parsePeriodBound(from, false, '--from');
  const t = to === undefined ? undefined : parsePeriodBound(to, true, '--to');
  if (f && t && f > t) throw new Error(`--from ${from} is after --to ${to}`);
  return { ...(f ? { from: f } : {}), ...(t ? { to: t } : {}) };
}
