// The s3-check rules (RUNBOOK-FORMAT.md) against the newest backup under a prefix: max_age (the
// RPO check), min_size, max_size_change against the previous backup, sha256 against the
// `NAME.sha256` sidecar. Every fact and verdict goes out as a line of evidence as it is found.
import type { S3Client } from '@aws-sdk/client-s3';
import { formatDuration } from '../runbook/duration';
import type { S3CheckSpec } from '../runbook/s3-check';
import { s3Url } from './config';
import { describeS3Error, type S3Where } from './errors';
import { getObjectBytes, listObjects, sha256OfObject, type Listed } from './objects';

export const SIDECAR = '.sha256';

export interface BackupObject {
  key: string;
  size: number;
  lastModified: string;
  ageMs: number;
  etag: string;
}

export type RuleName = 'found' | 'max_age' | 'min_size' | 'max_size_change' | 'sha256';

export interface RuleFinding {
  rule: RuleName;
  status: 'pass' | 'fail' | 'skip';
  message: string;
}

export interface S3CheckFindings {
  url: string;
  endpoint: string;
  checkedAt: string;
  /** Age of the newest backup: what the report sets against the RPO. */
  ageMs?: number;
  maxAgeMs?: number;
  backups: number;
  sidecarsIgnored: number;
  newest?: BackupObject;
  previous?: BackupObject;
  sha256?: { sidecar: string; expected?: string; actual?: string };
  rules: RuleFinding[];
  pass: boolean;
}

const newer = (a: Listed, b: Listed) => a.lastModified.getTime() - b.lastModified.getTime() || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** `1040000 bytes (1.04 MB)`: exact bytes for the record, SI units for people. */
export function formatBytes(n: number): string {
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = '';
  for (const unit of units) {
    if (v < 1000) break;
    v /= 1000;
    u = unit;
  }
  return u === '' ? `${n} bytes` : `${n} bytes (${v.toPrecision(3)} ${u})`;
}

export async function checkBackups(
  client: S3Client,
  spec: S3CheckSpec,
  opts: { where: S3Where; now: Date; signal?: AbortSignal; onLine: (line: string) => void; pageSize?: number },
): Promise<S3CheckFindings> {
  const loc = { bucket: spec.bucket, prefix: spec.prefix };
  const { where, now, signal, onLine } = opts;
  const f: S3CheckFindings = {
    url: s3Url(loc),
    endpoint: where.endpoint,
    checkedAt: now.toISOString(),
    backups: 0,
    sidecarsIgnored: 0,
    rules: [],
    pass: false,
  };
  if (spec.maxAgeMs !== undefined) f.maxAgeMs = spec.maxAgeMs;
  const rule = (name: RuleName, status: RuleFinding['status'], message: string) => {
    f.rules.push({ rule: name, status, message });
    onLine(`${status.toUpperCase()} ${name}: ${message}`);
  };
  onLine(`s3-check ${f.url} at ${where.endpoint}, ${f.checkedAt}`);

  // Only the two newest matter: keep them while streaming the pages.
  let first: Listed | undefined;
  let second: Listed | undefined;
  for await (const page of listObjects(client, loc, where, signal, opts.pageSize)) {
    for (const o of page) {
      if (o.key.endsWith(SIDECAR)) f.sidecarsIgnored++;
      else if (o.key.endsWith('/'))
        continue; // a "folder" marker, not a backup
      else {
        f.backups++;
        if (!first || newer(o, first) > 0) [first, second] = [o, first];
        else if (!second || newer(o, second) > 0) second = o;
      }
    }
  }
  onLine(
    `objects: ${f.backups} backup${f.backups === 1 ? '' : 's'}, ${f.sidecarsIgnored} ${SIDECAR} sidecar${f.sidecarsIgnored === 1 ? '' : 's'} ignored`,
  );
  if (!first) {
    rule('found', 'fail', `no backup under ${f.url}`);
    return finish(f, onLine);
  }
  const info = (o: Listed): BackupObject => ({
    key: o.key,
    size: o.size,
    lastModified: o.lastModified.toISOString(),
    ageMs: Math.max(0, now.getTime() - o.lastModified.getTime()),
    etag: o.etag,
  });
  const newest = (f.newest = info(first));
  f.ageMs = newest.ageMs;
  onLine(`newest: ${s3Url(loc, newest.key)}`);
  onLine(`  size: ${formatBytes(newest.size)}`);
  onLine(`  last modified: ${newest.lastModified}`);
  onLine(`  age: ${formatDuration(newest.ageMs)}`);
  onLine(`  etag: ${newest.etag}`);
  if (second) {
    f.previous = info(second);
    onLine(`previous: ${s3Url(loc, f.previous.key)}, ${formatBytes(f.previous.size)}, last modified ${f.previous.lastModified}`);
  }

  if (spec.maxAgeMs !== undefined) {
    const ok = newest.ageMs <= spec.maxAgeMs;
    rule(
      'max_age',
      ok ? 'pass' : 'fail',
      `newest backup is ${formatDuration(newest.ageMs)} old, ${ok ? 'within' : 'older than'} ${formatDuration(spec.maxAgeMs)}`,
    );
  }
  if (spec.minSizeBytes !== undefined) {
    const ok = newest.size >= spec.minSizeBytes;
    rule(
      'min_size',
      ok ? 'pass' : 'fail',
      `${formatBytes(newest.size)} ${ok ? 'is at least' : 'is below'} ${formatBytes(spec.minSizeBytes)}`,
    );
  }
  if (spec.maxSizeChangePercent !== undefined) sizeChangeRule(f, spec.maxSizeChangePercent, rule);
  if (spec.sha256) await sha256Rule(client, f, loc.bucket, newest.key, { where, signal, onLine, rule });
  return finish(f, onLine);
}

function sizeChangeRule(f: S3CheckFindings, limit: number, rule: (n: RuleName, s: RuleFinding['status'], m: string) => void): void {
  const prev = f.previous;
  const size = f.newest!.size;
  if (!prev) return rule('max_size_change', 'skip', `no previous backup to compare with (first backup under ${f.url})`);
  const change = prev.size === 0 ? (size === 0 ? 0 : Infinity) : ((size - prev.size) / prev.size) * 100;
  const shown = Number.isFinite(change) ? `${change >= 0 ? '+' : ''}${change.toFixed(1)}%` : 'from 0 bytes';
  const ok = Math.abs(change) <= limit;
  rule('max_size_change', ok ? 'pass' : 'fail', `${shown} against the previous backup of ${prev.size} bytes, limit ±${limit}%`);
}

async function sha256Rule(
  client: S3Client,
  f: S3CheckFindings,
  bucket: string,
  key: string,
  o: {
    where: S3Where;
    signal?: AbortSignal;
    onLine: (l: string) => void;
    rule: (n: RuleName, s: RuleFinding['status'], m: string) => void;
  },
): Promise<void> {
  const sidecar = `${key}${SIDECAR}`;
  f.sha256 = { sidecar };
  let text: string;
  try {
    text = (await getObjectBytes(client, bucket, sidecar, o.where, o.signal)).bytes.subarray(0, 4096).toString('utf8');
  } catch (err) {
    const e = describeS3Error(err, { ...o.where, bucket, key: sidecar });
    if (e.kind !== 'not-found') throw e;
    return o.rule('sha256', 'fail', `no sidecar s3://${bucket}/${sidecar}`);
  }
  // `sha256sum` writes "HEX  NAME"; a bare digest is fine too.
  const expected = text.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  if (!/^[0-9a-f]{64}$/.test(expected))
    return o.rule('sha256', 'fail', `sidecar s3://${bucket}/${sidecar} does not hold a SHA-256 hex digest`);
  f.sha256.expected = expected;
  const { hex, bytes } = await sha256OfObject(client, bucket, key, o.where, o.signal);
  f.sha256.actual = hex;
  o.onLine(`checksum: sha256 ${hex} (${bytes} bytes read)`);
  o.onLine(`sidecar: sha256 ${expected}`);
  o.rule(
    'sha256',
    hex === expected ? 'pass' : 'fail',
    hex === expected ? 'the backup matches its sidecar' : 'the backup does NOT match its sidecar',
  );
}

function finish(f: S3CheckFindings, onLine: (l: string) => void): S3CheckFindings {
  f.pass = f.rules.every((r) => r.status !== 'fail');
  const failed = f.rules.filter((r) => r.status === 'fail').length;
  onLine(`findings: ${JSON.stringify(f)}`);
  const n = f.rules.length;
  onLine(
    f.pass
      ? `RESULT: PASS (${n === 0 ? 'a backup exists; no rules given' : `${n} rule${n === 1 ? '' : 's'} passed or skipped`})`
      : `RESULT: FAIL (${failed} of ${n} rule${n === 1 ? '' : 's'} failed)`,
  );
  return f;
}
