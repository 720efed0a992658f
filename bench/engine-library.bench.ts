// Benchmark: scanning a library of 1,000 runbook versions, cold (no parse cache) and on a
// second start (the persisted cache, core/runbook/parse-cache.ts). Each scan runs in a fresh
// process so nothing but the cache file carries over; the time is the scan's own. Printed, not asserted.
// Run: npx tsx bench/engine-library.bench.ts
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fmtMs, pct, printTable } from './table';

const VERSIONS = 1000;
const STEPS = 20;
const child = path.join(import.meta.dirname, 'engine-library-scan.ts');

function runbook(i: number): string {
  const steps = Array.from(
    { length: STEPS },
    (_, s) =>
      `## Step ${s} of version ${i} {id=s${s} timeout=5m}\n\nCheck replica lag on the standby before step ${s + 1}.\n\n\`\`\`bash {host=local}\necho ${i}-${s}\n\`\`\`\n`,
  ).join('\n');
  return `---\nid: rb-${i % 100}\ntitle: Runbook ${i % 100}\nversion: 1.${Math.floor(i / 100)}.0\nrto: 2h\n---\n\n# Restore {budget=1h}\n\n${steps}`;
}

function scan(dir: string, cacheFile?: string): { ms: number; parses: number; versions: number } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', child, dir, ...(cacheFile ? [cacheFile] : [])], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scan failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

await mkdir(path.resolve('.tmp'), { recursive: true });
const base = await mkdtemp(path.join(path.resolve('.tmp'), 'drillbook-bench-library-'));
try {
  const lib = path.join(base, 'library');
  await mkdir(lib);
  for (let i = 0; i < VERSIONS; i++) await writeFile(path.join(lib, `v${i}.md`), runbook(i));
  const cold: number[] = [];
  const warm: number[] = [];
  let parsed = { cold: 0, warm: 0, versions: 0 };
  for (let k = 0; k < 3; k++) {
    const cacheFile = path.join(base, `cache-${k}.json`);
    const c = scan(lib, cacheFile);
    const w = scan(lib, cacheFile);
    cold.push(c.ms);
    warm.push(w.ms);
    parsed = { cold: c.parses, warm: w.parses, versions: w.versions };
  }
  const uncached = scan(lib);
  if (parsed.versions !== VERSIONS) throw new Error(`expected ${VERSIONS} valid versions, got ${parsed.versions}`);
  printTable(
    `Library scan, ${VERSIONS} versions of ${STEPS} steps (fresh process per scan; median of 3)`,
    ['case', 'median', 'min', 'files parsed'],
    [
      ['reference: cold scan (no cache file yet)', fmtMs(pct(cold, 50)), fmtMs(Math.min(...cold)), String(parsed.cold)],
      ['cold scan without a cache (as before)', fmtMs(uncached.ms), '', String(uncached.parses)],
      ['second start, persisted cache (target ≤ 200 ms)', fmtMs(pct(warm, 50)), fmtMs(Math.min(...warm)), String(parsed.warm)],
    ],
  );
} finally {
  await rm(base, { recursive: true, force: true });
}
