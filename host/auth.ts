// Who may talk to the local server. Loopback is not a boundary: every local process (other
// users' too) and every web page the user visits can reach 127.0.0.1. Hence a secret token per
// launch, an exact Host check (DNS rebinding puts an attacker's page on our IP under its own
// name) and an exact Origin check (any page may open a WebSocket anywhere; CORS does not apply).
//
// The token is never a cookie: cookies ignore ports, so any server on another 127.0.0.1 port
// would receive it with an ordinary request from the same browser. The page keeps it in its own
// origin's storage (scheme + host + port) and presents it only on /ws, as a WebSocket
// subprotocol (see wsProtocolToken), and it never travels in a URL the browser sends.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The one subprotocol we speak; the server answers with it and nothing else. */
export const WS_PROTOCOL = 'drillbook.v1';
/** The token rides as a second offered subprotocol: `drillbook.token.<token>`. */
export const WS_TOKEN_PREFIX = 'drillbook.token.';

export const newToken = (): string => randomBytes(32).toString('base64url');

/** Constant-time and length-blind: both sides are hashed to 32 bytes before comparing. */
export function sameSecret(given: string, secret: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(secret));
}

/**
 * Why a subprotocol: a browser WebSocket cannot set Authorization or other headers, and a
 * query string lands in logs and in DevTools' URL column; Sec-WebSocket-Protocol is a header
 * the page may set, only its own origin's script can choose it, and access logs do not
 * record it. An auth first message would work too, but then an unauthenticated socket
 * would exist (and hold server resources) before we know who is on the other end.
 */
export function wsProtocolsOf(req: IncomingMessage): string[] {
  const header = req.headers['sec-websocket-protocol'];
  if (typeof header !== 'string') return [];
  return header
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

export function hasWsToken(req: IncomingMessage, token: string): boolean {
  const offered = wsProtocolsOf(req);
  const tokens = offered.filter((p) => p.startsWith(WS_TOKEN_PREFIX));
  // Exactly one token, and our protocol beside it: anything else is not our client.
  return offered.includes(WS_PROTOCOL) && tokens.length === 1 && sameSecret(tokens[0]!.slice(WS_TOKEN_PREFIX.length), token);
}

/** `Authorization: Bearer <token>` (the renderer's "is my stored token still good?" check). */
export function hasBearer(req: IncomingMessage, token: string): boolean {
  const m = /^Bearer ([A-Za-z0-9_-]+)$/.exec(req.headers.authorization ?? '');
  return m !== null && sameSecret(m[1]!, token);
}

export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host?.toLowerCase();
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

const ours = (origin: string | undefined, port: number) => origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;

/** No Origin = not a browser page (curl, a script, a top-level navigation); the token still applies. */
export function originAllowed(req: IncomingMessage, port: number): boolean {
  return req.headers.origin === undefined || ours(req.headers.origin, port);
}

/** For the POST endpoints, which only our own page calls: a browser always sends Origin on a POST. */
export function originIsOurs(req: IncomingMessage, port: number): boolean {
  return ours(req.headers.origin, port);
}
