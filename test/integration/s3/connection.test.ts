// What fails, and how fast, against real endpoints: wrong keys, profiles, a missing bucket, an
// endpoint that is down, hung, unresolvable, or speaks TLS wrongly. Each must fail within
// seconds with a message that names the cause.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { inspect } from 'node:util';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../../core/s3/client';
import { parseS3Block } from '../../../core/s3/config';
import { describeS3Error } from '../../../core/s3/errors';
import { pushLibrary } from '../../../core/s3/library-push';
import { pullLibrary } from '../../../core/s3/library-sync';
import { testConnection } from '../../../core/s3/test-connection';
import { startS3rver } from '../../env/s3rver';
import { configFor, runbook, tempDir, useS3rver } from './helpers';

const s3 = useS3rver();

async function timed<T>(p: Promise<T>): Promise<{ value?: T; error?: unknown; ms: number }> {
  const start = performance.now();
  try {
    return { value: await p, ms: performance.now() - start };
  } catch (error) {
    return { error, ms: performance.now() - start };
  }
}

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

describe('test connection', () => {
  it('reports each configured location as reachable', async () => {
    const r = await testConnection(configFor(s3()));
    expect(r.ok).toBe(true);
    expect(r.checks.map((c) => [c.target, c.url, c.ok])).toEqual([
      ['library', 's3://dr-runbooks/prod/', true],
      ['archive', 's3://dr-evidence/reports/', true],
    ]);
  });

  it('a missing bucket is named as such, per location', async () => {
    const r = await testConnection(configFor(s3(), { archive: 's3://no-such-bucket/x/' }));
    expect(r.ok).toBe(false);
    expect(r.checks[0]!.ok).toBe(true);
    expect(r.checks[1]).toMatchObject({
      ok: false,
      kind: 'no-bucket',
      message: expect.stringMatching(/^bucket "no-such-bucket" does not exist at http:\/\/127\.0\.0\.1:\d+ \(NoSuchBucket\)$/),
    });
  });

  it('pull and push against a missing bucket fail with the same clear message', async () => {
    const cfg = configFor(s3(), { library: 's3://no-such-bucket/lib/' });
    await expect(pullLibrary(cfg, await tempDir())).rejects.toMatchObject({ kind: 'no-bucket' });
    const dir = await tempDir();
    await writeFile(path.join(dir, 'a.md'), runbook('a', '1.0.0'));
    await expect(pushLibrary(cfg, [path.join(dir, 'a.md')])).rejects.toMatchObject({
      kind: 'no-bucket',
      message: expect.stringMatching(/no-such-bucket/),
    });
  });
});

describe('credentials', () => {
  it('a wrong access key id fails as an authentication error', async () => {
    const r = await testConnection(configFor(s3(), { access_key_id: 'AKIAWRONG', secret_access_key: 'S3RVER' }));
    expect(r.checks[0]).toMatchObject({
      ok: false,
      kind: 'auth',
      message: expect.stringMatching(/the access key id is not known there \(InvalidAccessKeyId\)/),
    });
  });

  it('s3rver does not verify SigV4 signatures: a wrong secret with the right key id is accepted (AWS answers SignatureDoesNotMatch)', async () => {
    const r = await testConnection(configFor(s3(), { access_key_id: 'S3RVER', secret_access_key: 'wrong-secret' }));
    expect(r.ok).toBe(true);
  });

  describe('profiles from the shared credentials file', () => {
    const saved = { ...process.env };
    afterAll(() => {
      process.env = saved;
    });

    it('a good profile works, a profile with a bad key is an auth error, a missing profile is a credentials error', async () => {
      const dir = await tempDir();
      await writeFile(
        path.join(dir, 'credentials'),
        '[dr]\naws_access_key_id = S3RVER\naws_secret_access_key = S3RVER\n[stale]\naws_access_key_id = AKIAOLD\naws_secret_access_key = x\n',
      );
      await writeFile(path.join(dir, 'config'), '');
      process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');
      process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
      delete process.env.AWS_ACCESS_KEY_ID;
      delete process.env.AWS_SECRET_ACCESS_KEY;
      delete process.env.AWS_PROFILE;
      const cfg = (profile: string) =>
        parseS3Block({ region: 'us-east-1', endpoint: s3().endpoint, profile, library: 's3://dr-runbooks/prod/' });
      expect((await testConnection(cfg('dr'))).ok).toBe(true);
      expect((await testConnection(cfg('stale'))).checks[0]).toMatchObject({ kind: 'auth' });
      expect((await testConnection(cfg('nobody'))).checks[0]).toMatchObject({
        kind: 'credentials',
        message: expect.stringMatching(/no AWS credentials for profile "nobody"/),
      });
    });
  });

  it('entered keys never show up when the config is logged or serialized', () => {
    const cfg = configFor(s3(), { secret_access_key: 'super-secret-value', session_token: 'tok-123' });
    const shown = JSON.stringify(cfg) + String(cfg.credentials?.secretAccessKey) + inspect(cfg, { depth: 5 });
    expect(shown).not.toMatch(/super-secret-value|tok-123/);
    expect(shown).toContain('[secret]');
  });
});

describe('unreachable endpoints fail within seconds', () => {
  it('endpoint down (connection refused), default client settings', async () => {
    const own = await startS3rver(['dr-runbooks']);
    const cfg = configFor(own);
    await own.cleanup();
    const r = await timed(pullLibrary(cfg, await tempDir()));
    expect(r.error).toMatchObject({
      kind: 'refused',
      offline: true,
      message: expect.stringMatching(/^connection refused by http:\/\/127\.0\.0\.1:\d+: is the S3 endpoint running/),
    });
    expect(r.ms).toBeLessThan(2000);
    console.log(`[s3] endpoint down: pull failed in ${r.ms.toFixed(0)} ms (default client, 2 attempts)`);
  });

  it('endpoint that accepts connections but never answers: idle timeout', async () => {
    const sockets: net.Socket[] = [];
    const hung = net.createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r));
    try {
      const cfg = parseS3Block({
        region: 'us-east-1',
        endpoint: `http://127.0.0.1:${(hung.address() as net.AddressInfo).port}`,
        library: 's3://dr-runbooks/prod/',
        access_key_id: 'S3RVER',
        secret_access_key: 'S3RVER',
      });
      const client = createS3Client(cfg, { idleTimeoutMs: 800, maxAttempts: 2 });
      const r = await timed(pullLibrary(cfg, await tempDir(), { client }));
      expect(r.error).toMatchObject({
        kind: 'timeout',
        message: expect.stringMatching(/no answer from http:\/\/127\.0\.0\.1:\d+ in time/),
      });
      expect(r.ms).toBeLessThan(2 * 800 + 1500);
      console.log(`[s3] hung endpoint: failed in ${r.ms.toFixed(0)} ms (idle timeout 800 ms × 2 attempts)`);
    } finally {
      sockets.forEach((s) => s.destroy());
      hung.close();
    }
  });

  it('a host name that does not resolve is a DNS error', async () => {
    const cfg = parseS3Block({
      region: 'us-east-1',
      endpoint: 'http://drillbook-s3.invalid:9000',
      library: 's3://dr-runbooks/prod/',
      access_key_id: 'x',
      secret_access_key: 'y',
    });
    const r = await timed(testConnection(cfg));
    expect(r.value?.checks[0]).toMatchObject({
      ok: false,
      kind: 'dns',
      message: expect.stringMatching(/^cannot resolve drillbook-s3\.invalid \(DNS ENOTFOUND\)/),
    });
    expect(r.ms).toBeLessThan(5000);
  });

  it('TLS: https:// to a plain-http endpoint, and an untrusted (self-signed) certificate', async () => {
    const plain = configFor(s3(), { endpoint: s3().endpoint.replace('http:', 'https:') });
    expect((await testConnection(plain)).checks[0]).toMatchObject({
      kind: 'tls',
      message: expect.stringMatching(/does not speak TLS there/),
    });

    if (!existsSync('/usr/bin/openssl')) return console.log('[s3] skipped the self-signed case: no /usr/bin/openssl');
    const dir = await tempDir();
    const [key, cert] = [path.join(dir, 'k.pem'), path.join(dir, 'c.pem')];
    execFileSync(
      '/usr/bin/openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-subj',
        '/CN=127.0.0.1',
        '-days',
        '1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    const S3rver = (await import('node:module')).createRequire(import.meta.url)('s3rver');
    const port = await freePort();
    const tls = new S3rver({
      address: '127.0.0.1',
      port,
      silent: true,
      directory: dir,
      key: await readFile(key),
      cert: await readFile(cert),
      configureBuckets: [{ name: 'dr-runbooks' }],
    });
    await tls.run();
    try {
      const r = await testConnection(configFor(s3(), { endpoint: `https://127.0.0.1:${port}` }));
      expect(r.checks[0]).toMatchObject({
        ok: false,
        kind: 'tls',
        message: expect.stringMatching(/certificate is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\); add your CA with NODE_EXTRA_CA_CERTS/),
      });
    } finally {
      await tls.close();
    }
  });

  it('raw SDK errors from a real request map to the same kinds (listing a missing bucket)', async () => {
    const client = createS3Client(configFor(s3()));
    const err = await client.send(new ListObjectsV2Command({ Bucket: 'nope-bucket' })).catch((e: unknown) => e);
    expect(describeS3Error(err, { endpoint: s3().endpoint, bucket: 'nope-bucket' }).kind).toBe('no-bucket');
  });
});
