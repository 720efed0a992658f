// The s3: block: parsing, defaults, and errors that point at the line in the inventory file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseS3Block, parseS3Url, readS3ConfigFile, resolveS3Config } from '../../../core/s3/config';

const dirs: string[] = [];
afterEach(async () => void (await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))));
async function file(text: string): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), 'drillbook-s3cfg-'));
  dirs.push(d);
  const f = path.join(d, 'inventory.yaml');
  await writeFile(f, text);
  return f;
}

describe('s3 config', () => {
  it('parses s3:// URLs into bucket and a /-terminated prefix', () => {
    expect(parseS3Url('s3://dr-runbooks/prod/')).toEqual({ bucket: 'dr-runbooks', prefix: 'prod/' });
    expect(parseS3Url('s3://dr-runbooks/prod')).toEqual({ bucket: 'dr-runbooks', prefix: 'prod/' });
    expect(parseS3Url('s3://dr-runbooks')).toEqual({ bucket: 'dr-runbooks', prefix: '' });
    expect(parseS3Url('s3://Bad_Bucket/x/')).toBeUndefined();
    expect(parseS3Url('https://dr-runbooks/x/')).toBeUndefined();
  });

  it('reads the issue example; path style defaults on with a custom endpoint; lock mode defaults to GOVERNANCE', () => {
    const cfg = parseS3Block({
      region: 'eu-west-1',
      endpoint: 'https://minio.internal:9000/',
      profile: 'dr',
      library: 's3://dr-runbooks/prod/',
      archive: 's3://dr-evidence/reports/',
      object_lock_days: 365,
    });
    expect(cfg).toEqual({
      region: 'eu-west-1',
      endpoint: 'https://minio.internal:9000',
      pathStyle: true,
      profile: 'dr',
      library: { bucket: 'dr-runbooks', prefix: 'prod/' },
      archive: { bucket: 'dr-evidence', prefix: 'reports/' },
      objectLock: { days: 365, mode: 'GOVERNANCE' },
    });
    expect(parseS3Block({ region: 'eu-west-1' }).pathStyle).toBe(false);
  });

  it('rejects half a key pair, unknown keys and bad URLs, naming the key', () => {
    expect(() => parseS3Block({ region: 'x', access_key_id: 'AKIA' })).toThrow(
      /s3\.secret_access_key: access_key_id and secret_access_key go together/,
    );
    expect(() => parseS3Block({ region: 'x', libary: 's3://a-b/' })).toThrow(/s3: unknown key "libary" \(known: region, endpoint, /);
    expect(() => parseS3Block({ region: 'x', endpoint: 'minio:9000' })).toThrow(/s3\.endpoint: expected an http\(s\):\/\/ URL/);
  });

  it('errors in an inventory file say file:line:col', async () => {
    const f = await file('hosts:\n  db1: {}\ns3:\n  region: eu-west-1\n  library: dr-runbooks/prod/\n');
    await expect(readS3ConfigFile(f)).rejects.toThrow(
      `${f}:5:12: s3.library: expected s3://bucket/prefix/ with a valid bucket name (got "dr-runbooks/prod/")`,
    );
    const typo = await file('s3:\n  region: eu-west-1\n  endpont: http://x:9000\n');
    await expect(readS3ConfigFile(typo)).rejects.toThrow(`${typo}:3:12: s3: unknown key "endpont"`);
  });

  it('a file without s3: yields undefined; the CLI default file missing is a clear "not configured"', async () => {
    expect(await readS3ConfigFile(await file('hosts: {}\n'))).toBeUndefined();
    await expect(resolveS3Config({ dataDir: '/nonexistent-drillbook' })).rejects.toThrow(
      /S3 is not configured: add an s3: block to \/nonexistent-drillbook\/inventory\.yaml/,
    );
  });
});
