// Who may talk to the local server. Loopback is not a boundary: every local process (other
// users' too) and every web page the user visits can reach 127.0.0.1. Hence a secret token per
// launch, an exact Host check (DNS rebinding puts an attacker's page on our IP under its own
// name) and an exact Origin check (any page may open a WebSocket anywhere; CORS does not apply).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const COOKIE = 'drillbook_token';

export const newToken = (): string => randomBytes(32).toString('base64url');

/** Constant-time and length-blind: both sides are hashed to 32 bytes before comparing. */
export function sameSecret(given: string, secret: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(secret));
}

export function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return [];
  return header.split(';').flatMap((part) => {
    const eq = part.indexOf('=');
    return eq > 0 && part.slice(0, eq).trim() === name ? [part.slice(eq + 1).trim()] : [];
  });
}

export function hasTokenCookie(req: IncomingMessage, token: string): boolean {
  return cookieValues(req.headers.cookie, COOKIE).some((v) => sameSecret(v, token));
}

/** HttpOnly: page scripts never see it. Strict: no other site's link or form carries it. */
export const loginCookie = (token: string): string => `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;

export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host?.toLowerCase();
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** No Origin = not a browser page (curl, a script, a top-level navigation); the token still applies. */
export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  return origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}
