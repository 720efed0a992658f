// What the UI benchmarks start: `drillbook serve` (the built CLI on a free port, with the given
// data dir and runbook folder; resolves with the URL it prints, token after #) and Debian's Chromium.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '..');

export async function startServer(dataDir: string, runbooks: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['bin/drillbook.mjs', 'serve', '--no-open', '--port', '0', '--data-dir', dataDir], {
    cwd: root,
    env: { ...process.env, DRILLBOOK_RUNBOOKS: runbooks },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  return { url, stop: () => child.kill('SIGTERM') };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
