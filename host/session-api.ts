// The two endpoints the renderer calls before it has a WebSocket, both POST from our own page
// only (exact Host, and an Origin that must be present and ours: a browser always sends it on
// a POST, so a missing one is not our page). Neither sets a cookie; the answer is read by the
// page's script and kept in its origin's storage.
//   POST /api/launch   {"code": "<one-time code>"}  -> 200 {"token": "..."} once, else 401
//   POST /api/session  Authorization: Bearer <token> -> 204 if the token is this launch's, else 401
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hasBearer, originIsOurs } from './auth';
import { NOT_AUTHORISED, type GateContext } from './gate';
import { securityHeaders, sendText } from './headers';

const MAX_BODY = 4096;

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY)
        resolve(undefined); // the rest is read and dropped; we hang up after answering
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(undefined));
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...securityHeaders,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

const codeOf = (body: string): string | undefined => {
  try {
    const code = (JSON.parse(body) as { code?: unknown } | null)?.code;
    return typeof code === 'string' && code.length > 0 ? code : undefined;
  } catch {
    return undefined;
  }
};

/** True when `pathname` is one of ours (answered here), false to fall through to static files. */
export function handleSessionApi(req: IncomingMessage, res: ServerResponse, pathname: string, ctx: GateContext): boolean {
  if (pathname !== '/api/launch' && pathname !== '/api/session') return false;
  if (req.method !== 'POST') {
    sendText(res, 405, 'Method not allowed\n', { Allow: 'POST' });
    return true;
  }
  if (!originIsOurs(req, ctx.port)) {
    sendText(res, 403, 'Forbidden: only the Drillbook page itself may call this.\n');
    return true;
  }
  if (pathname === '/api/session') {
    if (hasBearer(req, ctx.token)) {
      res.writeHead(204, { ...securityHeaders, 'Cache-Control': 'no-store' });
      res.end();
    } else sendText(res, 401, NOT_AUTHORISED);
    return true;
  }
  void readBody(req).then((body) => {
    if (body === undefined) {
      res.once('finish', () => req.destroy());
      return sendText(res, 413, 'Request too large\n', { Connection: 'close' });
    }
    const code = codeOf(body);
    if (code === undefined || !ctx.codes.consume(code)) {
      return sendText(
        res,
        401,
        'Drillbook: this launch link was already used or has expired. Open the URL printed by `drillbook serve`.\n',
      );
    }
    sendJson(res, 200, { token: ctx.token });
  });
  return true;
}
