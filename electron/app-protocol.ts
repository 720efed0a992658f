// Serves the built renderer (dist/renderer) on app://drillbook/ instead of file://.
// Why not loadFile: every file:// page shares one opaque origin (any local HTML would pass our
// origin checks), file:// responses carry no headers (so no real CSP header), and file:// pages
// get extra privileges. A privileged standard scheme gives a real origin, headers and a root
// that requests cannot escape.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { protocol } from 'electron';
import { contentType } from '../core/content-types';
import { securityHeaders } from './csp';
import { APP_SCHEME, isAppUrl } from './origin';

/** Must run before app 'ready': schemes cannot be made privileged afterwards. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // standard: real origin + relative URLs; secure: a secure context like https;
      // supportFetchAPI/corsEnabled: vite emits `<script type="module" crossorigin>`.
      // Deliberately NOT bypassCSP.
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
    },
  ]);
}

const notFound = () => new Response('not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });

/** The protocol.handle handler: GET files under rootDir only, every response with our CSP. */
export function appRequestHandler(rootDir: string, csp: string): (request: Request) => Promise<Response> {
  const root = path.resolve(rootDir);
  return async (request) => {
    if (request.method !== 'GET' || !isAppUrl(request.url)) return notFound();
    try {
      const pathname = decodeURIComponent(new URL(request.url).pathname);
      const file = path.resolve(root, `.${pathname === '/' || pathname === '' ? '/index.html' : pathname}`);
      // Encoded "..%2F" survives URL normalisation; refuse anything that resolves outside root.
      if (!file.startsWith(root + path.sep)) return notFound();
      const body = await readFile(file);
      const type = contentType(file);
      return new Response(body, { status: 200, headers: { 'Content-Type': type, ...securityHeaders(csp) } });
    } catch {
      return notFound(); // malformed escapes, NUL bytes, missing files, directories
    }
  };
}
