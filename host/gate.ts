// One decision for every HTTP request and WebSocket upgrade: refuse foreign Host/Origin (403),
// turn a valid ?token= (or one-time ?launch=) into a cookie, else require the cookie (401).
import type { IncomingMessage } from 'node:http';
import { hasTokenCookie, hostAllowed, originAllowed, sameSecret } from './auth';
import type { LaunchCodes } from './launch-codes';

export type Verdict =
  { kind: 'ok' } | { kind: 'login'; location: string } | { kind: 'deny'; status: 401 | 403; message: string };

export interface GateContext {
  port: number;
  token: string;
  codes: LaunchCodes;
}

const unauthorized: Verdict = {
  kind: 'deny',
  status: 401,
  message: 'Drillbook: not authorised. Open the URL printed by `drillbook serve` (it carries the access token).\n',
};

/** Parses the request target as a path on our origin; null for absolute-form or `*` targets. */
export function requestUrl(req: IncomingMessage): URL | null {
  const target = req.url ?? '';
  if (!target.startsWith('/')) return null;
  try {
    // Prefixing (not a base URL) keeps "//evil.example/x" a path instead of a host.
    return new URL(`http://127.0.0.1${target}`);
  } catch {
    return null;
  }
}

export function judge(req: IncomingMessage, url: URL, ctx: GateContext, allowLaunch: boolean): Verdict {
  if (!hostAllowed(req, ctx.port)) {
    return { kind: 'deny', status: 403, message: 'Forbidden: Drillbook answers only to 127.0.0.1 and localhost.\n' };
  }
  if (!originAllowed(req, ctx.port)) {
    return { kind: 'deny', status: 403, message: 'Forbidden: request from another site.\n' };
  }
  const token = url.searchParams.get('token');
  const launch = url.searchParams.get('launch');
  if (token === null && launch === null) return hasTokenCookie(req, ctx.token) ? { kind: 'ok' } : unauthorized;
  const valid =
    (token !== null && sameSecret(token, ctx.token)) || (launch !== null && allowLaunch && ctx.codes.consume(launch));
  if (!valid) return unauthorized;
  url.searchParams.delete('token');
  url.searchParams.delete('launch');
  // Collapse leading slashes: "//evil.example" in a Location header is another site.
  return { kind: 'login', location: `/${url.pathname.replace(/^\/+/, '')}${url.search}` };
}
