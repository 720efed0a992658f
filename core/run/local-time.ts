// Times are stored in UTC and shown in local time with UTC beside it: "16:05:00 CEST (14:05:00
// UTC)". The zone name matters on the night clocks go back, when 02:30 happens twice. The zone
// and locale are parameters so tests (and a CLI flag) can pin them; the default is the machine's.

export interface TimeFormat {
  /** IANA zone, e.g. "Europe/Berlin"; default: the system's. */
  timeZone?: string;
  locale?: string;
  /** Dates equal to this day (in the shown zone) print without the date. Default: always print it. */
  today?: Date;
}

// One formatter per zone and locale: building an Intl.DateTimeFormat costs far more than using
// one, and a 500-step run view formats a few times per step.
const formatters = new Map<string, Intl.DateTimeFormat>();

const make = (timeZone: string | undefined, locale: string | undefined) =>
  new Intl.DateTimeFormat(locale ?? 'en-GB', {
    ...(timeZone ? { timeZone } : {}),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });

function formatter(timeZone: string | undefined, locale: string | undefined): Intl.DateTimeFormat {
  // The machine's zone (no timeZone given) follows TZ where there is one: Node re-reads it when it
  // changes (a page's zone does not change under it).
  const zone = timeZone ?? `default:${(globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.TZ ?? ''}`;
  const key = `${locale ?? ''}\u0000${zone}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = make(timeZone, locale)));
  return f;
}

/** Date, time and zone name of `d` in a zone, from the cached formatter (the report uses it too). */
export function localParts(d: Date, timeZone: string | undefined, locale: string | undefined) {
  const p = Object.fromEntries(
    formatter(timeZone, locale)
      .formatToParts(d)
      .map((x) => [x.type, x.value]),
  );
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}:${p.second}`, zone: p.timeZoneName ?? '' };
}

const isUtc = (zone: string) => zone === 'UTC' || zone === 'GMT' || zone === 'UTC+0' || zone === 'GMT+0';

/** "2026-10-25 02:30:00 CEST (00:30:00 UTC)"; only "00:30:00 UTC" when local time is UTC. */
export function formatTime(iso: string | Date, opts: TimeFormat = {}): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return String(iso);
  const local = localParts(d, opts.timeZone, opts.locale);
  const utc = localParts(d, 'UTC', opts.locale);
  const showDate = !opts.today || localParts(opts.today, opts.timeZone, opts.locale).date !== local.date;
  const when = `${showDate ? `${local.date} ` : ''}${local.time}`;
  if (isUtc(local.zone)) return `${when} UTC`;
  // The UTC date is shown only when it differs from the local one (around midnight).
  const utcWhen = utc.date !== local.date ? `${utc.date} ${utc.time}` : utc.time;
  return `${when} ${local.zone} (${utcWhen} UTC)`;
}
