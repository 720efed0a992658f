// The drillbook CLI as users get it: the bundles `npm run build` makes for it (scripts/bundles.mjs:
// cli.mjs and its chunks, the parse worker with its code cache, the import worker), built into a
// fresh folder (bin/drillbook.mjs would prefer a possibly stale dist/cli.mjs) and spawned as a
// real process. A bundle starts several times faster than tsx, which the crash tests' hundreds of runs need.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
// @ts-expect-error plain JavaScript build script, no types
import { buildTarget, bundleTargets } from '../../../scripts/bundles.mjs';

const root = path.resolve(import.meta.dirname, '../../..');
const CLI_TARGETS = new Set(['cli', 'cli parse worker', 'cli import worker']);

/** Builds the CLI into a fresh folder (remove it with removeCli); returns its entry file. */
export async function bundleCli(): Promise<string> {
  // Inside the checkout (.tmp/ is ignored by git) so the external ssh2 resolves from node_modules.
  mkdirSync(path.join(root, '.tmp'), { recursive: true });
  const outdir = mkdtempSync(path.join(root, '.tmp', 'cli-'));
  const targets = (bundleTargets(outdir) as { name: string }[]).filter((t) => CLI_TARGETS.has(t.name));
  await Promise.all(targets.map((t) => buildTarget(t, 'warning')));
  return path.join(outdir, 'cli.mjs');
}

export function removeCli(cli: string | undefined): void {
  if (cli) rmSync(path.dirname(cli), { recursive: true, force: true });
}

export interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Spawn the CLI; `onStart` gets the child (to signal it); resolves when it exits. */
export function drillbook(
  cli: string,
  args: string[],
  opts: { env?: Record<string, string>; cwd?: string; onStart?: (c: ChildProcess, out: { stdout: string; stderr: string }) => void } = {},
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: opts.cwd ?? root,
      env: { ...process.env, DRILLBOOK_HOME: opts.env?.DRILLBOOK_HOME ?? path.join(tmpdir(), 'drillbook-test-home-unused'), ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = { stdout: '', stderr: '' };
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out.stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out.stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, ...out }));
    opts.onStart?.(child, out);
  });
}
