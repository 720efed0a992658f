// `drillbook serve`: the engine plus the browser host. stdout gets exactly one line, the URL
// (scripts and tests read it); everything else goes to stderr.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Engine } from '../core/engine';
import { packageDir, resolveDataDir, runbookDirs } from '../core/paths';
import { confSettingsStore } from '../core/settings-conf';
import { startServer } from '../host/server';
import { openBrowser } from './open-browser';
import { ChromiumPdfRenderer } from './pdf-chromium';
import type { Io } from './io';

export const serveUsage = `Usage: drillbook serve [--port N] [--no-open] [--data-dir DIR]

Serve the Drillbook UI on http://127.0.0.1 and print its URL, http://127.0.0.1:PORT/#token=TOKEN.
The per-launch access token comes after '#', so browsers never send it to any server (no logs);
the page keeps it for its own origin only and takes it out of the address bar. The old
?token=TOKEN form is no longer accepted. The browser opened for you gets a one-time #launch= code.
  --port N          listen on port N (default: a random free port)
  --no-open         do not open a browser window
  --data-dir DIR    where runs, settings and keys live (default: $DRILLBOOK_HOME or the app-data folder)`;

function parsePort(raw: string | undefined): number | undefined {
  if (raw === undefined) return 0;
  const n = Number(raw);
  return /^\d+$/.test(raw) && n <= 65535 ? n : undefined;
}

const signalled = () =>
  new Promise<NodeJS.Signals>((resolve) => {
    // once: a second Ctrl+C during a stuck shutdown falls through to Node's default and kills us.
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });

/** What `drillbook open` adds: the screen to land on (a route after '#'), or why there is none. */
export type LandOn = (engine: Engine) => Promise<{ ok: true; value: string } | { ok: false; error: string }>;

export async function serve(argv: string[], io: Io, landOn?: LandOn): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'no-open': { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return (io.out(serveUsage), 0);
  const port = parsePort(values.port);
  if (port === undefined) return (io.err(`drillbook serve: --port must be 0..65535, got "${values.port}"`), 2);

  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : resolveDataDir();
  const staticDir = path.join(packageDir(), 'dist', 'renderer');
  // Chromium starts on the first signed report, not with the server.
  const pdfRenderer = new ChromiumPdfRenderer();
  const engine = await Engine.create({ dataDir, runbookDirs: runbookDirs(), settings: confSettingsStore(dataDir), pdfRenderer });
  const route = landOn ? await landOn(engine) : undefined;
  if (route && !route.ok) {
    await engine.close();
    return (io.err(route.error), 2);
  }
  const then = route ? `&then=${encodeURIComponent(route.value)}` : '';
  let server;
  try {
    server = await startServer({ api: engine, staticDir, port });
  } catch (err) {
    await engine.close();
    await pdfRenderer.close();
    const inUse = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
    io.err(`drillbook serve: ${inUse ? `port ${port} is already in use` : (err as Error).message}`);
    return 1;
  }
  const stop = signalled();
  io.out(server.url + then);
  io.err(`drillbook: data in ${dataDir}; UI from ${staticDir}. Ctrl+C stops the server.`);
  if (!values['no-open']) openBrowser(server.launchUrl() + then, dataDir, io.err);

  io.err(`drillbook: ${await stop}, shutting down.`);
  await server.close();
  await engine.close();
  await pdfRenderer.close().catch((err: unknown) => io.err(`drillbook: closing Chromium failed: ${(err as Error).message}`));
  // Shutdown is done; a forgotten handle (timer, watcher) must not keep the process alive.
  setTimeout(() => process.exit(0), 2000).unref();
  return 0;
}
