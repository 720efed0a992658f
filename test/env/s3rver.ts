// A real S3 endpoint for tests and benchmarks: s3rver on 127.0.0.1 (random port) over a temp
// folder, buckets made up front, in its own Node process so it shares neither the event loop nor
// the CPU with the client under test.
//
// What s3rver 3.7.1 does not do (see STACK-NOTES.md): verify SigV4 signatures (it checks only
// that the access key id is S3RVER), honour If-None-Match on PUT, return checksums. And its
// ListObjectsV2 continuation tokens use DES, which OpenSSL 3 keeps in the legacy provider: the
// second page of any listing is a 500 unless Node runs with --openssl-legacy-provider.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, utimes } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const requireCjs = createRequire(import.meta.url);
type Store = { getResourcePath(bucket: string, key: string, resource: string): string };
const FilesystemStore = requireCjs('s3rver/lib/stores/filesystem') as new (dir: string) => Store;

export const S3RVER_KEYS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface TestS3 {
  endpoint: string;
  port: number;
  dir: string;
  /** Backdate an object: s3rver reports the stored file's mtime as LastModified. */
  setLastModified(bucket: string, key: string, at: Date): Promise<void>;
  /** Stop listening; the data stays until `cleanup`. */
  stop(): Promise<void>;
  /** Listen again on the same port, same data. */
  restart(): Promise<void>;
  cleanup(): Promise<void>;
}

async function spawnS3rver(dir: string, buckets: string[], port: number): Promise<{ child: ChildProcess; port: number }> {
  const options = {
    address: '127.0.0.1',
    port,
    silent: true,
    directory: dir,
    vhostBuckets: false,
    configureBuckets: buckets.map((name) => ({ name })),
  };
  const script = `
    const S3rver = require(${JSON.stringify(requireCjs.resolve('s3rver'))});
    const s = new S3rver(${JSON.stringify(options)});
    s.run().then((a) => process.stdout.write(a.port + '\\n'), (e) => { console.error(e); process.exit(1); });
    process.on('SIGTERM', () => s.close().then(() => process.exit(0)));
    process.on('disconnect', () => process.exit(0));`;
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', script], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const ready = once(child.stdout!, 'data') as Promise<[Buffer]>;
  const failed = once(child, 'exit').then(([code]) => {
    throw new Error(`s3rver exited with code ${code} before listening`);
  });
  const [first] = await Promise.race([ready, failed]);
  return { child, port: Number(first.toString().trim()) };
}

export async function startS3rver(buckets: string[]): Promise<TestS3> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const dir = await mkdtemp(path.join(os.tmpdir(), 'drillbook-s3rver-'));
  const started = await spawnS3rver(dir, buckets, 0);
  const port = started.port;
  let child = started.child;
  const store = new FilesystemStore(dir);
  let running = true;
  const stop = async () => {
    if (!running) return;
    running = false;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    dir,
    setLastModified: (bucket, key, at) => utimes(store.getResourcePath(bucket, key, 'object'), at, at),
    stop,
    async restart() {
      if (running) return;
      ({ child } = await spawnS3rver(dir, [], port));
      running = true;
    },
    async cleanup() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
