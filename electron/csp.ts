// The Content-Security-Policy (core/csp.ts, shared with browser mode) as real response headers.
// app-protocol.ts sets them on every response it builds; the session hook below enforces the
// same policy on any app:// response that reaches the session, so a later change to how files
// are served cannot silently drop it. A <meta> tag alone would be weaker (no frame-ancestors,
// applied only once the parser reaches it).
import type { Session } from 'electron';
import { isAppUrl } from './origin';

export function securityHeaders(csp: string): Record<string, string> {
  return { 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' };
}

export function applyCspHeaders(session: Session, csp: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppUrl(details.url)) return callback({});
    // Drop any variant spelling first: two differing policies would be intersected by Chromium.
    const headers = Object.fromEntries(
      Object.entries(details.responseHeaders ?? {}).filter(([k]) => k.toLowerCase() !== 'content-security-policy'),
    );
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [csp] } });
  });
}
