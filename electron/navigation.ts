// Guards for every WebContents (attached from app 'web-contents-created', so none is missed):
// the app never leaves its own origin, never opens windows, never embeds <webview>, and gets
// no browser permissions. Runbooks contain links; https ones open in the user's browser.
import type { Session, WebContents } from 'electron';
import { isAppUrl } from './origin';

export type OpenExternal = (url: string) => Promise<void>;

export function isHttpsUrl(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

export function guardWebContents(contents: WebContents, openExternal: OpenExternal): void {
  const stayHome = (event: { url: string; preventDefault(): void }) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  // Subframes too: CSP is the first line, this the second. One exception: the report preview,
  // an <iframe sandbox="" srcdoc> (no network, no script, opaque origin) that is never a top frame.
  contents.on('will-frame-navigate', (event) => {
    if (event.isMainFrame === false && event.url === 'about:srcdoc') return;
    stayHome(event);
  });
  contents.on('will-redirect', stayHome);
  contents.setWindowOpenHandler(({ url }) => {
    // Only https goes to the OS: file:, smb:, custom handlers etc. can launch programs.
    if (isHttpsUrl(url)) openExternal(url).catch((err: unknown) => console.warn('drillbook: openExternal failed:', err));
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * Deny every permission, with one exception: copying a command to the clipboard from our own
 * pages (navigator.clipboard.writeText goes through this handler and is the core of a runbook).
 */
const allowed = new Set(['clipboard-sanitized-write']);

export function restrictPermissions(session: Session): void {
  session.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(allowed.has(permission) && isAppUrl(details.requestingUrl)),
  );
  session.setPermissionCheckHandler((_wc, permission, origin) => allowed.has(permission) && isAppUrl(origin));
}
