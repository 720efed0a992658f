// Shared by the CLI benchmarks: the CLI bundled as `npm run build` bundles it (scripts/bundles.mjs),
// into a folder inside the checkout (so the external ssh2 resolves from node_modules).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
// @ts-expect-error plain JavaScript build script, no types
import { buildTarget, bundleTargets } from '../scripts/bundles.mjs';

const root = path.resolve(import.meta.dirname, '..');

export async function buildCli(): Promise<{ cli: string; remove: () => void }> {
  mkdirSync(path.join(root, '.tmp'), { recursive: true });
  const out = mkdtempSync(path.join(root, '.tmp', 'bench-cli-'));
  const targets = (bundleTargets(out) as { name: string }[]).filter((t) => t.name === 'cli' || t.name === 'cli parse worker');
  await Promise.all(targets.map((t) => buildTarget(t, 'error')));
  return { cli: path.join(out, 'cli.mjs'), remove: () => rmSync(out, { recursive: true, force: true }) };
}

/** Wall times (ms) of `n` runs of a program after one warm-up run; throws when it fails. */
export function wall(
  n: number,
  cmd: string,
  args: string[],
  ok: (status: number | null) => boolean = (s) => s === 0,
  env: NodeJS.ProcessEnv = {},
): number[] {
  const xs: number[] = [];
  for (let i = -1; i < n; i++) {
    const t = performance.now();
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    const ms = performance.now() - t;
    if (!ok(r.status)) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr?.toString().slice(0, 500)}`);
    if (i >= 0) xs.push(ms);
  }
  return xs;
}
