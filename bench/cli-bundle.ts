// Shared by the CLI benchmarks: the CLI as `npm run build` bundles it (the same build the CLI's
// integration tests use), and wall times of whole processes.
import { spawnSync } from 'node:child_process';
import { bundleCli, removeCli } from '../test/integration/headless/cli';

export async function buildCli(): Promise<{ cli: string; remove: () => void }> {
  const cli = await bundleCli();
  return { cli, remove: () => removeCli(cli) };
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
