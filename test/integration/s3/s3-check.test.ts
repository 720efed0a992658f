// The s3-check executor against a real s3rver: each rule passing and failing, an empty prefix,
// sidecars ignored, the evidence lines, and the age the report reads back.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ExecContext } from '../../../core/exec/executor';
import { ageFromLines } from '../../../core/report/rpo';
import { createS3CheckExecutor } from '../../../core/s3/s3-check.executor';
import { clientFor, put, useS3rver } from './helpers';

const s3 = useS3rver();
const NOW = new Date('2026-11-23T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3600_000);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function ctx(overrides: Partial<ExecContext> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const c: ExecContext = {
    host: 'local',
    timeoutMs: 30_000,
    signal: new AbortController().signal,
    onOutput: (stream, chunk) => (stream === 'stdout' ? out : err).push(chunk.toString()),
    ...overrides,
  };
  return { c, out: () => out.join(''), err: () => err.join('') };
}

async function check(body: string) {
  const exec = createS3CheckExecutor({ client: clientFor(s3()), endpoint: s3().endpoint, now: () => NOW });
  const { c, out, err } = ctx();
  const result = await exec.run({ type: 's3-check', body }, c);
  return { result, out: out(), err: err(), lines: out().split('\n') };
}

/** Backups in `prefix`: [name, size, hours old, sidecar?] — sidecars hold the true digest. */
async function seed(prefix: string, backups: [string, number, number, ('good' | 'bad' | 'junk')?][]) {
  const client = clientFor(s3());
  for (const [name, size, age, sidecar] of backups) {
    const body = Buffer.alloc(size, name);
    await put(client, 'prod-backups', `${prefix}${name}`, body);
    await s3().setLastModified('prod-backups', `${prefix}${name}`, hoursAgo(age));
    if (sidecar) {
      const digest = sidecar === 'good' ? sha(body) : sidecar === 'bad' ? sha(Buffer.from('something else')) : 'not a digest';
      await put(client, 'prod-backups', `${prefix}${name}.sha256`, `${digest}  ${name}\n`);
    }
  }
}

describe('s3-check', () => {
  it('all rules pass: exit 0, evidence names key, size, age, ETag, checksum and each verdict', async () => {
    await seed('pass/', [
      ['base-1.tar', 1000, 30, 'good'],
      ['base-2.tar', 1100, 6, 'good'],
    ]);
    const { result, out, lines } = await check(
      'bucket: prod-backups\nprefix: pass/\nmax_age: 25h\nmin_size: 1KB\nmax_size_change: 20%\nsha256: true\n',
    );
    expect(result.exitCode).toBe(0);
    expect(out).toContain('newest: s3://prod-backups/pass/base-2.tar');
    expect(out).toContain('  size: 1100 bytes (1.10 kB)');
    expect(out).toContain(`  last modified: ${hoursAgo(6).toISOString()}`);
    expect(out).toContain('  age: 6h');
    expect(out).toMatch(/ {2}etag: "[0-9a-f]{32}"/);
    expect(out).toContain(`checksum: sha256 ${sha(Buffer.alloc(1100, 'base-2.tar'))}`);
    expect(out).toContain('objects: 2 backups, 2 .sha256 sidecars ignored');
    expect(lines.filter((l) => /^(PASS|FAIL|SKIP) /.test(l))).toEqual([
      'PASS max_age: newest backup is 6h old, within 1d1h',
      'PASS min_size: 1100 bytes (1.10 kB) is at least 1000 bytes (1.00 kB)',
      'PASS max_size_change: +10.0% against the previous backup of 1000 bytes, limit ±20%',
      'PASS sha256: the backup matches its sidecar',
    ]);
    expect(lines).toContain('RESULT: PASS (4 rules passed or skipped)');
    expect(result.findings).toMatchObject({
      pass: true,
      ageMs: 6 * 3600_000,
      maxAgeMs: 25 * 3600_000,
      newest: { key: 'pass/base-2.tar', size: 1100 },
      previous: { key: 'pass/base-1.tar' },
    });
    // The report reads the age back from the evidence (core/report/rpo.ts).
    expect(ageFromLines(lines)).toBe(6 * 3600_000);
  });

  it('max_age fails when the newest backup is older than the RPO', async () => {
    await seed('old/', [['base.tar', 10, 30]]);
    const r = await check('bucket: prod-backups\nprefix: old/\nmax_age: 25h\n');
    expect(r.result.exitCode).toBe(1);
    expect(r.lines).toContain('FAIL max_age: newest backup is 1d6h old, older than 1d1h');
    expect(r.lines).toContain('RESULT: FAIL (1 of 1 rule failed)');
  });

  it('min_size fails on a too-small backup', async () => {
    await seed('small/', [['base.tar', 400, 1]]);
    const r = await check('bucket: prod-backups\nprefix: small/\nmin_size: 500\n');
    expect(r.result.exitCode).toBe(1);
    expect(r.lines).toContain('FAIL min_size: 400 bytes is below 500 bytes');
  });

  it('max_size_change fails when the newest differs too much from the previous one (shrink or growth); skipped without a previous', async () => {
    await seed('shrunk/', [
      ['a.tar', 1000, 48],
      ['b.tar', 1000, 24],
      ['c.tar', 500, 1],
    ]);
    const shrunk = await check('bucket: prod-backups\nprefix: shrunk/\nmax_size_change: 20%\n');
    expect(shrunk.result.exitCode).toBe(1);
    expect(shrunk.lines).toContain('FAIL max_size_change: -50.0% against the previous backup of 1000 bytes, limit ±20%');
    expect(shrunk.result.findings?.previous?.key).toBe('shrunk/b.tar');

    await seed('grown/', [
      ['a.tar', 100, 2],
      ['b.tar', 130, 1],
    ]);
    expect((await check('bucket: prod-backups\nprefix: grown/\nmax_size_change: 20%\n')).lines).toContain(
      'FAIL max_size_change: +30.0% against the previous backup of 100 bytes, limit ±20%',
    );

    await seed('first/', [['only.tar', 100, 1]]);
    const first = await check('bucket: prod-backups\nprefix: first/\nmax_size_change: 20%\n');
    expect(first.result.exitCode).toBe(0);
    expect(first.lines).toContain('SKIP max_size_change: no previous backup to compare with (first backup under s3://prod-backups/first/)');
  });

  it('sha256 fails on a mismatching sidecar, a missing sidecar, and a sidecar that holds no digest', async () => {
    await seed('mismatch/', [['base.tar', 64, 1, 'bad']]);
    const bad = await check('bucket: prod-backups\nprefix: mismatch/\nsha256: true\n');
    expect(bad.result.exitCode).toBe(1);
    expect(bad.lines).toContain('FAIL sha256: the backup does NOT match its sidecar');
    expect(bad.result.findings?.sha256).toEqual({
      sidecar: 'mismatch/base.tar.sha256',
      expected: sha(Buffer.from('something else')),
      actual: sha(Buffer.alloc(64, 'base.tar')),
    });

    await seed('nosidecar/', [['base.tar', 64, 1]]);
    expect((await check('bucket: prod-backups\nprefix: nosidecar/\nsha256: true\n')).lines).toContain(
      'FAIL sha256: no sidecar s3://prod-backups/nosidecar/base.tar.sha256',
    );

    await seed('junk/', [['base.tar', 64, 1, 'junk']]);
    expect((await check('bucket: prod-backups\nprefix: junk/\nsha256: true\n')).lines).toContain(
      'FAIL sha256: sidecar s3://prod-backups/junk/base.tar.sha256 does not hold a SHA-256 hex digest',
    );
  });

  it('sidecars are never the newest backup, even when written last', async () => {
    await seed('sidecars/', [['base.tar', 64, 3, 'good']]);
    await s3().setLastModified('prod-backups', 'sidecars/base.tar.sha256', hoursAgo(0));
    const r = await check('bucket: prod-backups\nprefix: sidecars/\nmax_age: 1h\nsha256: true\n');
    expect(r.result.findings).toMatchObject({ backups: 1, sidecarsIgnored: 1, newest: { key: 'sidecars/base.tar' } });
    expect(r.lines).toContain('FAIL max_age: newest backup is 3h old, older than 1h');
    expect(r.lines).toContain('PASS sha256: the backup matches its sidecar');
  });

  it('pages through the listing: the newest backup may be on any page', async () => {
    // Newest by time is neither first nor last by name; pages of 2 objects make 7 pages.
    await seed('paged/', [
      ['a.tar', 10, 9, 'good'],
      ['b.tar', 10, 8, 'good'],
      ['c.tar', 12, 1, 'good'],
      ['d.tar', 10, 5, 'good'],
      ['e.tar', 11, 2],
    ]);
    const exec = createS3CheckExecutor({ client: clientFor(s3()), endpoint: s3().endpoint, now: () => NOW, pageSize: 2 });
    const { c } = ctx();
    const r = await exec.run(
      { type: 's3-check', body: 'bucket: prod-backups\nprefix: paged/\nmax_age: 2h\nmax_size_change: 10%\nsha256: true\n' },
      c,
    );
    expect(r.findings).toMatchObject({
      backups: 5,
      sidecarsIgnored: 4,
      newest: { key: 'paged/c.tar' },
      previous: { key: 'paged/e.tar' },
      pass: true,
    });
    expect(exec.lastFindings).toBe(r.findings);
  });

  it('an empty prefix (or one holding only sidecars) fails with a clear line', async () => {
    const empty = await check('bucket: prod-backups\nprefix: nothing-here/\nmax_age: 1h\n');
    expect(empty.result.exitCode).toBe(1);
    expect(empty.lines).toContain('FAIL found: no backup under s3://prod-backups/nothing-here/');
    expect(empty.lines).toContain('RESULT: FAIL (1 of 1 rule failed)');
    await put(clientFor(s3()), 'prod-backups', 'onlysidecar/x.sha256', 'a'.repeat(64));
    const only = await check('bucket: prod-backups\nprefix: onlysidecar/\n');
    expect(only.result.exitCode).toBe(1);
    expect(only.lines).toContain('objects: 0 backups, 1 .sha256 sidecar ignored');
  });

  it('a missing bucket and a bad block end the step with an error (exit code null), on stderr', async () => {
    const missing = await check('bucket: no-such-bucket\nprefix: x/\n');
    expect(missing.result).toMatchObject({
      exitCode: null,
      error: expect.stringMatching(/bucket "no-such-bucket" does not exist at http:\/\/127\.0\.0\.1:\d+ \(NoSuchBucket\)/),
    });
    expect(missing.err).toMatch(/NoSuchBucket/);
    const bad = await check('bucket: prod-backups\nprefix: x/\nmax_age: soon\n');
    expect(bad.result).toMatchObject({ exitCode: null, error: expect.stringMatching(/max_age: expected a duration/) });
    const raw = await check('bucket: "{{backup_bucket}}"\nprefix: x/\n');
    expect(raw.result).toMatchObject({ exitCode: null, error: 's3-check: parameter {{backup_bucket}} was not substituted' });
  });

  it('cancel ends the step promptly as cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    const exec = createS3CheckExecutor({ client: clientFor(s3()), endpoint: s3().endpoint });
    const { c } = ctx({ signal: ac.signal });
    expect(await exec.run({ type: 's3-check', body: 'bucket: prod-backups\nprefix: pass/\n' }, c)).toMatchObject({
      exitCode: null,
      cancelled: true,
    });
  });
});
