// One decision for every HTTP request and WebSocket upgrade. Foreign Host/Origin: 403 on both.
// HTTP serves public things only (the built UI is public code; the POST endpoints in
// session-api.ts check their own secret), so the token is required on /ws alone.
import type { IncomingMessage } from 'node:http';
import { hasWsToken, hostAllowed, originAllowed } from './auth';
import type { LaunchCodes } from './launch-codes';
import { queryTokenPage } from './query-token-page';

/** `page`: answer with this HTML instead of the plain-text message. */
export type Verdict = { kind: 'ok' } | { kind: 'deny'; status: 400 | 401 | 403; message: string; page?: string };

export interface GateContext {
  port: number;
  token: string;
  codes: LaunchCodes;
}

export const NOT_AUTHORISED = 'Drillbook: not authorised. Open the URL printed by `drillbook serve` (it carries the access token).\n';

const unauthorized: Verdict = { kind: 'deny', status: 401, message: NOT_AUTHORISED };

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

function hostAndOrigin(req: IncomingMessage, port: number): Verdict {
  if (!hostAllowed(req, port)) {
    return { kind: 'deny', status: 403, message: 'Forbidden: Drillbook answers only to 127.0.0.1 and localhost.\n' };
  }
  if (!originAllowed(req, port)) return { kind: 'deny', status: 403, message: 'Forbidden: request from another site.\n' };
  return { kind: 'ok' };
}

export function judgeRequest(req: IncomingMessage, url: URL, ctx: GateContext): Verdict {
  const first = hostAndOrigin(req, ctx.port);
  if (first.kind !== 'ok') return first;
  // The old ?token= / ?launch= URLs put the secret where logs and history keep it. Say so
  // plainly instead of serving a page that would then fail to connect, on a page that takes the
  // secret out of the address bar and history.
  if (url.searchParams.has('token') || url.searchParams.has('launch')) {
    const message =
      'Drillbook no longer takes the access token in the query (?token=). Open the URL printed by `drillbook serve`: it carries the token after # (http://127.0.0.1:PORT/#token=...).\n';
    return { kind: 'deny', status: 400, message, page: queryTokenPage(message) };
  }
  return { kind: 'ok' };
}

export function judgeUpgrade(req: IncomingMessage, ctx: GateContext): Verdict {
  const first = hostAndOrigin(req, ctx.port);
  if (first.kind !== 'ok') return first;
  return hasWsToken(req, ctx.token) ? { kind: 'ok' } : unauthorized;
}
