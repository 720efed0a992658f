// Benchmark (printed, not asserted): `library pull` of 1,000 runbook versions from s3rver,
// beside the floor measured in the same run: the bare SDK listing + GETs, no lint, no writes.
// s3rver runs in its own process, so it does not share the event loop with the client.
// Run: npx tsx bench/s3-pull.bench.ts
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { scanLibrary } from '../core/runbook/library';
import { pullLibrary } from '../core/s3/library-sync';
import { listAll } from '../core/s3/objects';
import { mapLimit } from '../core/s3/pool';
import { startS3rver } from '../test/env/s3rver';
import { clientFor, configFor, put, runbook } from '../test/integration/s3/fixtures';
import { clientTimer } from './table';

const N = Number(process.env.BENCH_N ?? 1000);
const { start, ms } = clientTimer();

const s3 = await startS3rver(['dr-runbooks']);
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'drillbook-bench-'));
try {
  const client = clientFor(s3);
  const cfg = configFor(s3, { library: 's3://dr-runbooks/bench/' });
  // 100 runbooks × 10 versions, like a real library.
  const keys = Array.from({ length: N }, (_, i) => ({ id: `rb-${Math.floor(i / 10)}`, version: `1.${i % 10}.0` }));
  let t = start();
  await mapLimit(keys, 32, ({ id, version }) => put(client, 'dr-runbooks', `bench/${id}/${id}-${version}.md`, runbook(id, version)));
  console.log(`seed: ${N} runbook versions PUT in ${ms(t)}`);

  t = start();
  const listed = await listAll(client, { bucket: 'dr-runbooks', prefix: 'bench/' }, { endpoint: s3.endpoint });
  await mapLimit(listed, 16, async (o) =>
    (await client.send(new GetObjectCommand({ Bucket: 'dr-runbooks', Key: o.key }))).Body!.transformToByteArray(),
  );
  console.log(`reference: bare SDK list + ${listed.length} GETs (16 in flight), no lint/writes: ${ms(t)}`);

  t = start();
  const cold = await pullLibrary(cfg, dataDir, { client });
  console.log(`drillbook pull (cold): ${cold.downloaded} downloaded, linted, written: ${ms(t)}`);

  t = start();
  const warm = await pullLibrary(cfg, dataDir, { client });
  console.log(`drillbook pull (warm, nothing changed): ${warm.unchanged} unchanged, ${warm.downloaded} downloaded: ${ms(t)}`);

  t = start();
  const scan = await scanLibrary([path.join(dataDir, 'library')]);
  console.log(
    `scanLibrary of the pulled copy (offline): ${scan.files.size} valid versions in ${scan.library.groups.length} groups: ${ms(t)}`,
  );
} finally {
  await s3.cleanup();
  await rm(dataDir, { recursive: true, force: true });
}
