// The drillbook CLI as users get it: cli/main.ts bundled with esbuild the way `npm run build`
// does (bin/drillbook.mjs would prefer a possibly stale dist/cli.mjs), spawned as a real
// process. A bundle starts several times faster than tsx, which the crash tests' hundreds of runs need.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';

const root = path.resolve(import.meta.dirname, '../../..');

/** Builds the CLI into a fresh folder (remove it with removeCli); returns its entry file. */
export async function bundleCli(): Promise<string> {
  // Inside the checkout (.tmp/ is ignored by git) so the external ssh2 resolves from node_modules.
  mkdirSync(path.join(root, '.tmp'), { recursive: true });
  const outdir = mkdtempSync(path.join(root, '.tmp', 'cli-'));
  // Split chunks: `run` and `status` do not parse the S3 SDK and PDF libraries at startup.
  await esbuild.build({
    entryPoints: [path.join(root, 'cli/main.ts')],
    outdir,
    splitting: true,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // As scripts/build.mjs: ssh2's optional native crypto (.node files) cannot be bundled, and
    // playwright-core (for report PDFs) breaks on __dirname when bundled.
    external: ['ssh2', 'playwright-core'],
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __req } from 'node:module'; const require = __req(import.meta.url);" },
  });
  return path.join(outdir, 'main.mjs');
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
