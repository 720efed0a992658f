// `drillbook serve` as the UI benchmarks start it: the built CLI on a free port, with the
// given data dir and runbook folder; resolves with the URL it prints (token after #).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

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
