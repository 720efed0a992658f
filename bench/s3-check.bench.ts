// Benchmark (printed, not asserted): s3-check on a prefix holding 10,000 objects (5,000 backups
// + 5,000 .sha256 sidecars), beside the bare SDK paginated listing measured in the same run.
// s3rver runs in its own process, so it does not share the event loop with the client.
// Run: npx tsx bench/s3-check.bench.ts
import { createHash } from 'node:crypto';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createS3CheckExecutor } from '../core/s3/s3-check.executor';
import { mapLimit } from '../core/s3/pool';
import { startS3rver } from '../test/env/s3rver';
import { clientFor, put } from '../test/integration/s3/fixtures';
import { clientTimer } from './table';

const N = Number(process.env.BENCH_N ?? 10_000);
const { start, ms } = clientTimer();

const s3 = await startS3rver(['prod-backups']);
try {
  const client = clientFor(s3);
  let t = start();
  const names = Array.from({ length: N / 2 }, (_, i) => `wal/${String(i).padStart(8, '0')}.tar`);
  await mapLimit(names, 32, async (key) => {
    const body = Buffer.from(`backup ${key}`);
    await put(client, 'prod-backups', key, body);
    await put(client, 'prod-backups', `${key}.sha256`, createHash('sha256').update(body).digest('hex'));
  });
  console.log(`seed: ${N} objects PUT in ${ms(t)}`);

  const bareListing = async () => {
    let count = 0;
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: 'prod-backups', Prefix: 'wal/', ...(token ? { ContinuationToken: token } : {}) }),
      );
      count += page.KeyCount ?? 0;
      token = page.NextContinuationToken;
    } while (token);
    return count;
  };
  // Twice: the first pass warms s3rver's file-system cache.
  for (const pass of ['cold', 'warm']) {
    t = start();
    const count = await bareListing();
    console.log(`reference: bare SDK paginated listing of ${count} objects (${pass}): ${ms(t)}`);
  }

  const exec = createS3CheckExecutor({ client, endpoint: s3.endpoint });
  const ctx = { host: 'local', timeoutMs: 300_000, signal: new AbortController().signal, onOutput: () => {} };
  for (const body of ['max_age: 1h\nmin_size: 10\nmax_size_change: 50%', 'max_age: 1h\nmin_size: 10\nmax_size_change: 50%\nsha256: true']) {
    t = start();
    const r = await exec.run({ type: 's3-check', body: `bucket: prod-backups\nprefix: wal/\n${body}\n` }, ctx);
    console.log(
      `s3-check (${body.replace(/\n/g, ', ')}): exit ${r.exitCode}, ${r.findings?.backups} backups / ${r.findings?.sidecarsIgnored} sidecars: ${ms(t)}`,
    );
  }
} finally {
  await s3.cleanup();
}
