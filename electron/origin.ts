// Our pages are served from app://drillbook/ (see app-protocol.ts). One place decides what
// "our origin" means, for the IPC sender check, navigation guards and permissions alike.
export const APP_SCHEME = 'app';
export const APP_HOST = 'drillbook';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/**
 * True for URLs on our own origin. WHATWG `URL.origin` is "null" for non-special schemes such
 * as app:, so scheme and host are compared instead; credentials or a port mean someone crafted it.
 */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && !u.username && !u.password;
  } catch {
    return false;
  }
}
