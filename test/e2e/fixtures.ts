// Each test gets its own `drillbook serve` on a random port with a fresh data dir, so runs and
// settings never leak between tests (or into the developer's own data). Extra runbook files
// (e.g. a broken one) go to a temp folder passed as DRILLBOOK_RUNBOOKS.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { test as base } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '../..');

export interface DrillbookServer {
  /** http://127.0.0.1:PORT/#token=TOKEN as printed by the server (the page takes the token and drops the fragment). */
  url: string;
  /** http://127.0.0.1:PORT/ : the origin, for addresses with a route (`${base}#/run/…`) once the page holds the token. */
  base: string;
  dataDir: string;
  runbooksDir?: string;
  /** Stops the server early (to test the "connection lost" state). */
  stop(): Promise<void>;
  /** Kills the server with `signal` (no clean shutdown for SIGKILL) and starts a new one on the same data dir. */
  restart(signal: NodeJS.Signals): Promise<string>;
}

function waitForUrl(child: ChildProcess, log: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`drillbook serve printed no URL within 20 s\n${log()}`)), 20_000);
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      if (/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+$/.test(line)) resolve(line);
      else reject(new Error(`unexpected first stdout line from drillbook serve: ${line}\n${log()}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`drillbook serve exited with ${code}\n${log()}`));
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(t);
}

export const test = base.extend<{ extraRunbooks: Record<string, string> | undefined; server: DrillbookServer }>({
  extraRunbooks: [undefined, { option: true }],
  server: async ({ extraRunbooks }, use, testInfo) => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'drillbook-e2e-'));
    const dataDir = path.join(tmp, 'data');
    mkdirSync(dataDir);
    const env: NodeJS.ProcessEnv = { ...process.env, DRILLBOOK_HOME: dataDir };
    delete env.DRILLBOOK_RUNBOOKS;
    let runbooksDir: string | undefined;
    if (extraRunbooks) {
      runbooksDir = path.join(tmp, 'runbooks');
      mkdirSync(runbooksDir);
      for (const [name, text] of Object.entries(extraRunbooks)) writeFileSync(path.join(runbooksDir, name), text);
      env.DRILLBOOK_RUNBOOKS = runbooksDir;
    }
    let stderr = '';
    const launch = () => {
      const c = spawn(process.execPath, ['bin/drillbook.mjs', 'serve', '--no-open', '--port', '0', '--data-dir', dataDir], {
        cwd: root,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      c.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      return c;
    };
    let child = launch();
    const restart = async (signal: NodeJS.Signals) => {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill(signal);
      await exited;
      child = launch();
      return waitForUrl(child, () => `stderr:\n${stderr}`);
    };
    try {
      const url = await waitForUrl(child, () => `stderr:\n${stderr}`);
      await use({ url, base: `${new URL(url).origin}/`, dataDir, runbooksDir, stop: () => stopChild(child), restart });
    } finally {
      await stopChild(child);
      if (stderr.trim()) await testInfo.attach('server-stderr', { body: stderr, contentType: 'text/plain' });
      rmSync(tmp, { recursive: true, force: true });
    }
  },
});

export { expect } from '@playwright/test';
