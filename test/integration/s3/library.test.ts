// Runbook library sync against a real s3rver: pull (linted, incremental, mirrored), push
// (write-once, conflicts), and a pulled library that keeps working with the endpoint down.
import { readFile, writeFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/commands';
import { scanLibrary } from '../../../core/runbook/library';
import { pushLibrary } from '../../../core/s3/library-push';
import { pullLibrary, readSyncStatus } from '../../../core/s3/library-sync';
import { brokenRunbook, clientFor, configFor, put, runbook, tempDir, useS3rver } from './helpers';

const s3 = useS3rver();

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function inventory(dir: string, prefix: string, extra = ''): Promise<string> {
  const file = path.join(dir, 'inventory.yaml');
  const s = s3();
  await writeFile(
    file,
    `hosts:\n  db1: { address: 10.0.0.5 }\ns3:\n  region: us-east-1\n  endpoint: ${s.endpoint}\n  library: s3://dr-runbooks/${prefix}\n  archive: s3://dr-evidence/${prefix}\n  access_key_id: S3RVER\n  secret_access_key: S3RVER\n${extra}`,
  );
  return file;
}

describe('library push', () => {
  it('publishes to <prefix><id>/<id>-<version>.md with its sha256, and the same bytes again is "already published"', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'db-1.0.0.md');
    await writeFile(file, runbook('db', '1.0.0'));
    const cfg = configFor(s3(), { library: 's3://dr-runbooks/push1/' });
    const first = await pushLibrary(cfg, [file]);
    expect(first.ok).toBe(true);
    expect(first.outcomes).toMatchObject([
      { id: 'db', version: '1.0.0', status: 'published', url: 's3://dr-runbooks/push1/db/db-1.0.0.md' },
    ]);
    const head = await clientFor(s3()).send(new HeadObjectCommand({ Bucket: 'dr-runbooks', Key: 'push1/db/db-1.0.0.md' }));
    expect(head.Metadata?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(head.ContentType).toMatch(/text\/markdown/);

    const again = await pushLibrary(cfg, [file]);
    expect(again.ok).toBe(true);
    expect(again.outcomes[0]!.status).toBe('already-published');
  });

  it('two publishes of one version with different content: the second is a conflict naming id@version, nothing overwritten', async () => {
    const dir = await tempDir();
    const alice = path.join(dir, 'alice.md');
    const bob = path.join(dir, 'bob.md');
    await writeFile(alice, runbook('pitr', '2.1.0', 'from alice'));
    await writeFile(bob, runbook('pitr', '2.1.0', 'from bob'));
    const cfg = configFor(s3(), { library: 's3://dr-runbooks/conflict/' });
    expect((await pushLibrary(cfg, [alice])).outcomes[0]!.status).toBe('published');
    const second = await pushLibrary(cfg, [bob]);
    expect(second.ok).toBe(false);
    expect(second.outcomes[0]!.status).toBe('conflict');
    expect(second.outcomes[0]!.message).toMatch(/pitr@2\.1\.0 is already published .* different content; it was not overwritten/);
    // Alice's bytes are still the published ones.
    const pulled = await tempDir();
    await pullLibrary(cfg, pulled);
    expect(await readFile(path.join(pulled, 'library', 'pitr', 'pitr-2.1.0.md'), 'utf8')).toContain('from alice');
  });

  it('lints first: one bad file and nothing is published; errors say file:line:col', async () => {
    const dir = await tempDir();
    const good = path.join(dir, 'good.md');
    const bad = path.join(dir, 'bad.md');
    await writeFile(good, runbook('ok', '1.0.0'));
    await writeFile(bad, brokenRunbook('bad', '1.0.0'));
    const cfg = configFor(s3(), { library: 's3://dr-runbooks/lintfirst/' });
    const r = await pushLibrary(cfg, [good, bad]);
    expect(r.ok).toBe(false);
    expect(r.outcomes).toEqual([]);
    expect(r.lint).toContain(`${bad}:5:1: unknown front matter key "rtoo" (did you mean "rto"?)`);
    const pulled = await tempDir();
    expect((await pullLibrary(cfg, pulled)).listed).toBe(0);
  });

  it('drillbook library push: exit 0, then exit 1 on a conflict', async () => {
    const dir = await tempDir();
    const inv = await inventory(dir, 'cli-push/');
    const file = path.join(dir, 'app-1.0.0.md');
    await writeFile(file, runbook('app', '1.0.0'));
    const ok = await cli('library', 'push', file, '--inventory', inv);
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.out).toMatch(/app@1\.0\.0 published to s3:\/\/dr-runbooks\/cli-push\/app\/app-1\.0\.0\.md/);
    await writeFile(file, runbook('app', '1.0.0', 'edited'));
    const clash = await cli('library', 'push', file, '--inventory', inv);
    expect(clash.code).toBe(1);
    expect(clash.err).toMatch(/app@1\.0\.0 is already published/);
  });
});

describe('library pull', () => {
  it('mirrors every version into <dataDir>/library, lints each (bad ones kept out, file:line:col), records .sync.json', async () => {
    const client = clientFor(s3());
    await put(client, 'dr-runbooks', 'pull1/db/db-1.0.0.md', runbook('db', '1.0.0'));
    await put(client, 'dr-runbooks', 'pull1/db/db-1.1.0.md', runbook('db', '1.1.0'));
    await put(client, 'dr-runbooks', 'pull1/web/web-3.0.0.md', runbook('web', '3.0.0'));
    await put(client, 'dr-runbooks', 'pull1/bad/bad-1.0.0.md', brokenRunbook('bad', '1.0.0'));
    await put(client, 'dr-runbooks', 'pull1/README.md', '# not a runbook');
    await put(client, 'dr-runbooks', 'pull1/db/notes.txt', 'ignored');
    const dataDir = await tempDir();
    const cfg = configFor(s3(), { library: 's3://dr-runbooks/pull1/' });
    const now = new Date('2026-11-23T10:00:00Z');
    const r = await pullLibrary(cfg, dataDir, { now: () => now });
    expect(r).toMatchObject({ listed: 4, downloaded: 3, unchanged: 0, count: 3, removed: [] });
    expect(r.rejected).toEqual([
      {
        url: 's3://dr-runbooks/pull1/bad/bad-1.0.0.md',
        problems: ['s3://dr-runbooks/pull1/bad/bad-1.0.0.md:5:1: unknown front matter key "rtoo" (did you mean "rto"?)'],
        kept: false,
      },
    ]);
    const lib = path.join(dataDir, 'library');
    expect((await readdir(lib)).sort()).toEqual(['.sync.json', 'db', 'web']);
    const sync = JSON.parse(await readFile(path.join(lib, '.sync.json'), 'utf8'));
    expect(sync).toMatchObject({ lastSync: now.toISOString(), endpoint: s3().endpoint, source: 's3://dr-runbooks/pull1/', count: 3 });

    const status = await readSyncStatus(dataDir, { now: new Date('2026-11-23T13:00:00Z') });
    expect(status).toMatchObject({ count: 3, ageMs: 3 * 3600_000, stale: false });
    expect((await readSyncStatus(dataDir, { now: new Date('2026-11-25T10:00:00Z') })).stale).toBe(true);
    expect((await readSyncStatus(await tempDir())).stale).toBe(true);
  });

  it('a second pull downloads only what changed, removes what was deleted, and keeps a good copy when the new one is bad', async () => {
    const client = clientFor(s3());
    const cfg = configFor(s3(), { library: 's3://dr-runbooks/pull2/' });
    await put(client, 'dr-runbooks', 'pull2/a/a-1.0.0.md', runbook('a', '1.0.0'));
    await put(client, 'dr-runbooks', 'pull2/b/b-1.0.0.md', runbook('b', '1.0.0'));
    await put(client, 'dr-runbooks', 'pull2/c/c-1.0.0.md', runbook('c', '1.0.0'));
    const dataDir = await tempDir();
    expect((await pullLibrary(cfg, dataDir)).downloaded).toBe(3);

    await put(client, 'dr-runbooks', 'pull2/b/b-1.0.0.md', brokenRunbook('b', '1.0.0')); // replaced by someone, broken
    const { DeleteObjectCommand } = await import('@aws-sdk/client-s3');
    await client.send(new DeleteObjectCommand({ Bucket: 'dr-runbooks', Key: 'pull2/c/c-1.0.0.md' }));
    await put(client, 'dr-runbooks', 'pull2/d/d-1.0.0.md', runbook('d', '1.0.0'));
    const r = await pullLibrary(cfg, dataDir);
    expect(r).toMatchObject({ listed: 3, downloaded: 1, unchanged: 1, removed: ['c/c-1.0.0.md'], count: 3 });
    expect(r.rejected).toMatchObject([{ url: 's3://dr-runbooks/pull2/b/b-1.0.0.md', kept: true }]);
    expect(await readFile(path.join(dataDir, 'library', 'b', 'b-1.0.0.md'), 'utf8')).toBe(runbook('b', '1.0.0'));
  });

  it('never replaces a version saved or imported on this machine that the bucket also has under its name', async () => {
    const client = clientFor(s3());
    const cfg = configFor(s3(), { library: 's3://dr-runbooks/pull-local/' });
    const dataDir = await tempDir();
    const { mkdir } = await import('node:fs/promises');
    await mkdir(path.join(dataDir, 'library', 'db'), { recursive: true });
    const mine = runbook('db', '1.1.0').replace('title:', 'title: mine,');
    await writeFile(path.join(dataDir, 'library', 'db', 'db-1.1.0.md'), mine);
    await writeFile(path.join(dataDir, 'library', 'db', 'db-1.0.0.md'), runbook('db', '1.0.0'));
    await put(client, 'dr-runbooks', 'pull-local/db/db-1.1.0.md', runbook('db', '1.1.0')); // a teammate's 1.1.0
    await put(client, 'dr-runbooks', 'pull-local/db/db-1.0.0.md', runbook('db', '1.0.0')); // the same bytes as here
    const r = await pullLibrary(cfg, dataDir);
    expect(r.rejected).toEqual([
      {
        url: 's3://dr-runbooks/pull-local/db/db-1.1.0.md',
        problems: [expect.stringMatching(/db-1\.1\.0\.md exists here and was not pulled from the bucket .*kept it, not replaced/)],
        kept: true,
      },
    ]);
    expect(await readFile(path.join(dataDir, 'library', 'db', 'db-1.1.0.md'), 'utf8')).toBe(mine);
    // The identical one is adopted: tracked from now on, so a later change in the bucket reaches it.
    expect(r.count).toBe(1);
    await put(client, 'dr-runbooks', 'pull-local/db/db-1.0.0.md', runbook('db', '1.0.0').replace('title:', 'title: fixed,'));
    await pullLibrary(cfg, dataDir);
    expect(await readFile(path.join(dataDir, 'library', 'db', 'db-1.0.0.md'), 'utf8')).toContain('title: fixed,');
    expect(await readFile(path.join(dataDir, 'library', 'db', 'db-1.1.0.md'), 'utf8')).toBe(mine);
  });

  it('pages through a long listing', async () => {
    const client = clientFor(s3());
    for (const v of ['1.0.0', '1.1.0', '1.2.0', '2.0.0', '2.1.0']) await put(client, 'dr-runbooks', `paged/p/p-${v}.md`, runbook('p', v));
    const r = await pullLibrary(configFor(s3(), { library: 's3://dr-runbooks/paged/' }), await tempDir(), { pageSize: 2 });
    expect(r).toMatchObject({ listed: 5, downloaded: 5, count: 5 });
  });

  it('an empty listing (a mistyped or emptied prefix) does not wipe the offline copy', async () => {
    const client = clientFor(s3());
    await put(client, 'dr-runbooks', 'vanish/v/v-1.0.0.md', runbook('v', '1.0.0'));
    const cfg = configFor(s3(), { library: 's3://dr-runbooks/vanish/' });
    const dataDir = await tempDir();
    await pullLibrary(cfg, dataDir);
    const { DeleteObjectCommand } = await import('@aws-sdk/client-s3');
    await client.send(new DeleteObjectCommand({ Bucket: 'dr-runbooks', Key: 'vanish/v/v-1.0.0.md' }));
    const r = await pullLibrary(cfg, dataDir);
    expect(r).toMatchObject({
      listed: 0,
      removed: [],
      count: 1,
      warnings: ['no runbooks under s3://dr-runbooks/vanish/: kept the 1 version(s) pulled earlier'],
    });
    expect((await scanLibrary([path.join(dataDir, 'library')])).files.has('v@1.0.0')).toBe(true);
  });

  it('keeps out a file whose bytes do not match the sha256 it was published with', async () => {
    const client = clientFor(s3());
    await put(client, 'dr-runbooks', 'pull3/x/x-1.0.0.md', runbook('x', '1.0.0'), { sha256: 'f'.repeat(64) });
    const r = await pullLibrary(configFor(s3(), { library: 's3://dr-runbooks/pull3/' }), await tempDir());
    expect(r.count).toBe(0);
    expect(r.rejected[0]!.problems[0]).toMatch(/x-1\.0\.0\.md:1:1: content does not match the sha256 it was published with/);
  });

  it('a pulled library is still complete with the endpoint stopped (scanLibrary over <dataDir>/library)', async () => {
    const { startS3rver } = await import('../../env/s3rver');
    const own = await startS3rver(['dr-runbooks']);
    try {
      const cfg = configFor(own, { library: 's3://dr-runbooks/offline/' });
      const dir = await tempDir();
      for (const v of ['1.0.0', '1.1.0', '2.0.0']) {
        await writeFile(path.join(dir, `pitr-${v}.md`), runbook('pitr', v));
      }
      expect(
        (
          await pushLibrary(
            cfg,
            ['1.0.0', '1.1.0', '2.0.0'].map((v) => path.join(dir, `pitr-${v}.md`)),
          )
        ).ok,
      ).toBe(true);
      const dataDir = await tempDir();
      await pullLibrary(cfg, dataDir);
      await own.stop();

      const scan = await scanLibrary([path.join(dataDir, 'library')]);
      expect(scan.library.groups.map((g) => [g.id, g.versions.map((v) => v.version)])).toEqual([['pitr', ['2.0.0', '1.1.0', '1.0.0']]]);
      expect(scan.library.invalid).toEqual([]);

      const start = performance.now();
      await expect(pullLibrary(cfg, dataDir)).rejects.toMatchObject({
        kind: 'refused',
        message: expect.stringMatching(/connection refused by http:\/\/127\.0\.0\.1:\d+: is the S3 endpoint running/),
      });
      expect(performance.now() - start).toBeLessThan(3000);
      // A failed pull leaves the mirror as it was.
      expect((await scanLibrary([path.join(dataDir, 'library')])).files.size).toBe(3);
    } finally {
      await own.cleanup();
    }
  });

  it('drillbook library pull and status', async () => {
    const dataDir = await tempDir();
    const inv = await inventory(dataDir, 'cli-pull/');
    const client = clientFor(s3());
    await put(client, 'dr-runbooks', 'cli-pull/k/k-1.0.0.md', runbook('k', '1.0.0'));
    await put(client, 'dr-runbooks', 'cli-pull/k/k-1.0.1.md', brokenRunbook('k', '1.0.1'));
    const r = await cli('library', 'pull', '--data-dir', dataDir); // finds <data dir>/inventory.yaml
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/pulled s3:\/\/dr-runbooks\/cli-pull\/: 1 runbook version\(s\) .*1 downloaded, 0 unchanged, 1 kept out/);
    expect(r.err).toBe('s3://dr-runbooks/cli-pull/k/k-1.0.1.md:5:1: unknown front matter key "rtoo" (did you mean "rto"?)');
    const st = await cli('library', 'status', '--data-dir', dataDir);
    expect(st.out).toMatch(/^library: 1 runbook version\(s\) pulled from s3:\/\/dr-runbooks\/cli-pull\/ /);
    expect(inv).toContain('inventory.yaml');
  });

  it('usage errors exit 2; --help exits 0', async () => {
    expect((await cli('library')).code).toBe(2);
    expect((await cli('library', 'push')).code).toBe(2);
    expect((await cli('archive')).code).toBe(2);
    expect((await cli('library', '--help')).out).toMatch(/drillbook library pull/);
    expect((await cli('archive', '--help')).out).toMatch(/EX_TEMPFAIL|exit 75|queued/);
    expect((await cli('--help')).out).toMatch(/drillbook library pull\|push FILE\.\.\.\|status[\s\S]*drillbook archive RUN_DIR/);
  });
});
