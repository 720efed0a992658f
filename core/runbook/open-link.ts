// "Open a runbook from an alert": what `drillbook open RUNBOOK_ID[@VERSION] --param K=V --mode M
// --t0 ISO` and a `drillbook://open?runbook=ID@VERSION&param=K=V&mode=M&t0=ISO` link ask for,
// checked, and the app route that shows the start form pre-filled with it. The route never
// starts anything: the commander still reads the form and presses Start.
export interface OpenRequest {
  id: string;
  version?: string;
  mode?: 'drill' | 'incident';
  /** ISO 8601 with an offset or Z. */
  t0?: string;
  params: Record<string, string>;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export interface StartPrefill {
  mode?: 'drill' | 'incident';
  t0?: string;
  params: Record<string, string>;
}

const ID = /^[a-z0-9][a-z0-9._-]{0,127}$/i;
const VERSION = /^[0-9A-Za-z][0-9A-Za-z.+-]{0,63}$/;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;
const PARAM = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Checks the parts shared by the command line and the link; `where` names the source in errors. */
export function openRequest(
  target: string | undefined,
  pairs: readonly string[],
  mode: string | undefined,
  t0: string | undefined,
  where: string,
): Parsed<OpenRequest> {
  const fail = (error: string): Parsed<OpenRequest> => ({ ok: false, error: `${where}: ${error}` });
  if (!target) return fail('which runbook? expected RUNBOOK_ID or RUNBOOK_ID@VERSION');
  const at = target.indexOf('@');
  const id = at < 0 ? target : target.slice(0, at);
  const version = at < 0 ? undefined : target.slice(at + 1);
  if (!ID.test(id)) return fail(`"${id}" is not a runbook id (letters, digits, . _ -)`);
  if (version !== undefined && !VERSION.test(version)) return fail(`"${version}" is not a version (e.g. 1.2.0)`);
  if (mode !== undefined && mode !== 'drill' && mode !== 'incident') return fail(`mode must be drill or incident, got "${mode}"`);
  if (t0 !== undefined && (!ISO.test(t0) || Number.isNaN(Date.parse(t0))))
    return fail(`t0 must be an ISO time with an offset, e.g. 2026-01-31T02:15:00Z, got "${t0}"`);
  const params: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    if (eq < 0 || !PARAM.test(key)) return fail(`parameter must be K=V, got "${pair}"`);
    if (key in params) return fail(`parameter "${key}" given twice`);
    params[key] = pair.slice(eq + 1);
  }
  return {
    ok: true,
    value: { id, ...(version ? { version } : {}), ...(mode ? { mode } : {}), ...(t0 ? { t0 } : {}), params },
  };
}

/** `drillbook://open?runbook=ID[@VERSION]&param=K=V&mode=incident&t0=ISO` */
export function parseOpenLink(link: string): Parsed<OpenRequest> {
  const where = 'drillbook link';
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return { ok: false, error: `${where}: not a link: "${link}"` };
  }
  if (url.protocol !== 'drillbook:' || (url.hostname || url.pathname.replace(/^\/+/, '')) !== 'open')
    return { ok: false, error: `${where}: expected drillbook://open?runbook=ID[@VERSION]&param=K=V&mode=…&t0=…, got "${link}"` };
  const known = new Set(['runbook', 'param', 'mode', 't0']);
  const unknown = [...url.searchParams.keys()].find((k) => !known.has(k));
  if (unknown) return { ok: false, error: `${where}: unknown field "${unknown}" (runbook, param, mode, t0)` };
  const one = (k: string) => url.searchParams.getAll(k);
  for (const k of ['runbook', 'mode', 't0']) if (one(k).length > 1) return { ok: false, error: `${where}: "${k}" given twice` };
  return openRequest(
    url.searchParams.get('runbook') ?? undefined,
    one('param'),
    url.searchParams.get('mode') ?? undefined,
    url.searchParams.get('t0') ?? undefined,
    where,
  );
}

/** The app route (after '#') of the start form pre-filled with `req` at `version`. */
export function startRoute(req: OpenRequest, version: string): string {
  const q = new URLSearchParams();
  if (req.mode) q.set('mode', req.mode);
  if (req.t0) q.set('t0', req.t0);
  for (const [k, v] of Object.entries(req.params)) q.append(`param.${k}`, v);
  const e = encodeURIComponent;
  const query = q.toString();
  return `/runbook/${e(req.id)}/${e(version)}/start${query ? `?${query}` : ''}`;
}

/** The pre-fill in a start route's query (what startRoute wrote); unknown or bad fields are dropped. */
export function parseStartQuery(query: string): StartPrefill {
  const q = new URLSearchParams(query);
  const mode = q.get('mode');
  const t0 = q.get('t0');
  const params: Record<string, string> = {};
  for (const [k, v] of q) if (k.startsWith('param.') && PARAM.test(k.slice(6))) params[k.slice(6)] = v;
  return {
    ...(mode === 'drill' || mode === 'incident' ? { mode } : {}),
    ...(t0 && ISO.test(t0) && !Number.isNaN(Date.parse(t0)) ? { t0 } : {}),
    params,
  };
}
