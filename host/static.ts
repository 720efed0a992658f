// Serves the built renderer (dist/renderer). Only regular files under the root: the decoded path
// is resolved and prefix-checked, because "..%2f" survives URL normalisation, and then resolved
// again through every symlink, so a link inside the folder cannot point out of it.
import { readFile, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { contentType } from '../core/content-types';
import { securityHeaders, sendText } from './headers';

const notBuilt =
  'Drillbook: the user interface is not built (no index.html in %DIR%).\nRun `npm run build` in the Drillbook folder, then reload this page.\n';

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** `file` with every link resolved, when that is still a regular file under `root` (itself resolved). */
async function underRoot(file: string, root: string): Promise<string | undefined> {
  try {
    const [real, realRoot] = await Promise.all([realpath(file), realpath(root)]);
    return real.startsWith(realRoot + path.sep) && (await isFile(real)) ? real : undefined;
  } catch {
    return undefined;
  }
}

export async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string, rootDir: string) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed\n', { Allow: 'GET, HEAD' });
  const root = path.resolve(rootDir);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return sendText(res, 400, 'Bad request\n');
  }
  if (decoded.includes('\0')) return sendText(res, 400, 'Bad request\n');
  const file = path.resolve(root, `.${decoded === '/' ? '/index.html' : decoded}`);
  if (!file.startsWith(root + path.sep)) return sendText(res, 404, 'Not found\n');
  const real = await underRoot(file, root);
  if (!real) {
    // A missing build must say so plainly instead of looking like a broken app.
    if (!(await isFile(path.join(root, 'index.html')))) return sendText(res, 500, notBuilt.replace('%DIR%', root));
    return sendText(res, 404, 'Not found\n');
  }
  const body = await readFile(real);
  const ext = path.extname(file).toLowerCase();
  res.writeHead(200, {
    ...securityHeaders,
    'Content-Type': contentType(file),
    'Content-Length': String(body.length),
    // Each launch has a new port, hence a new origin: caching buys nothing and stale html hurts.
    'Cache-Control': ext === '.html' ? 'no-store' : 'no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
