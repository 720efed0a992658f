// The `s3-check` block: YAML naming the newest backup to check. The same schema validates the
// body at lint time (params not yet known) and reads it at run time (params substituted).
import { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import { DURATION_HINT, parseDuration } from './duration';
import { paramRefs } from './params';

export interface S3CheckSpec {
  bucket: string;
  prefix: string;
  maxAgeMs?: number;
  minSizeBytes?: number;
  /** Allowed size change against the previous backup, in percent (20 for `20%`). */
  maxSizeChangePercent?: number;
  sha256: boolean;
}

const SIZE = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/;
const FACTOR: Record<string, number> = {
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
};
const PERCENT = /^(\d+(?:\.\d+)?)\s*%$/;
// Before substitution a value may be a whole `{{param}}`; its format is checked at run time.
const templated = (s: string) => paramRefs(s).length > 0;
const text = (what: string) =>
  z.string({
    error: (i) =>
      i.input !== null && typeof i.input === 'object'
        ? `expected ${what}; put {{params}} in quotes ("{{name}}"), unquoted braces are a YAML mapping`
        : `expected ${what}`,
  });
const checked = (what: string, ok: (s: string) => boolean) =>
  text(what).refine((s) => templated(s) || ok(s), { error: (i) => `expected ${what} (got "${String(i.input)}")` });

export const S3_CHECK_KEYS = ['bucket', 'prefix', 'max_age', 'min_size', 'max_size_change', 'sha256'];

export const s3CheckSchema = z
  .object(
    {
      bucket: text('a bucket name').min(1, { error: 'expected a bucket name' }),
      prefix: text('a key prefix like basebackups/'),
      max_age: checked(DURATION_HINT, (s) => parseDuration(s) !== undefined).optional(),
      min_size: z
        .union([z.number().int().nonnegative(), checked('a size like 500MB or 2GiB', (s) => SIZE.test(s))], {
          error: 'expected a size in bytes, or like 500MB or 2GiB',
        })
        .optional(),
      max_size_change: checked('a percentage like 20%', (s) => PERCENT.test(s)).optional(),
      sha256: z.boolean({ error: 'expected true or false' }).optional(),
    },
    { error: 'expected YAML keys: bucket, prefix, max_age, min_size, max_size_change, sha256' },
  )
  .strict();

/** What is wrong with a body whose {{params}} have been substituted: `max_age: expected …`. */
export function s3CheckProblems(body: string): string[] {
  const r = s3CheckSchema.safeParse(parseYaml(body));
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.') || 's3-check'}: ${i.message}`);
}

/** Read a body whose {{params}} have been substituted; throws Error with a readable message. */
export function readS3Check(body: string): S3CheckSpec {
  const r = s3CheckSchema.safeParse(parseYaml(body));
  if (!r.success) throw new Error(s3CheckProblems(body).join('; '));
  const d = r.data;
  const size = typeof d.min_size === 'string' ? SIZE.exec(d.min_size) : null;
  const pct = d.max_size_change === undefined ? null : PERCENT.exec(d.max_size_change);
  const spec: S3CheckSpec = { bucket: d.bucket, prefix: d.prefix, sha256: d.sha256 ?? false };
  if (d.max_age !== undefined) spec.maxAgeMs = parseDuration(d.max_age);
  if (typeof d.min_size === 'number') spec.minSizeBytes = d.min_size;
  if (size) spec.minSizeBytes = Math.round(Number(size[1]) * FACTOR[size[2]!]!);
  if (pct) spec.maxSizeChangePercent = Number(pct[1]);
  for (const [k, v] of Object.entries(spec)) if (v === undefined) throw new Error(`s3-check: ${k} is not valid`);
  return spec;
}
