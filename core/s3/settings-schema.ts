// The non-secret fields of the `s3:` block, shared by the inventory file (core/s3/config.ts) and
// the app's Settings (core/api.ts). Keys entered in the app never go through here: they live in
// a SecretStore, not in settings.json.
import { z } from 'zod';
import { parseS3Url } from './location';

const location = z.string({ error: 'expected s3://bucket/prefix/' }).refine((s) => parseS3Url(s) !== undefined, {
  error: (i) => `expected s3://bucket/prefix/ with a valid bucket name (got "${String(i.input)}")`,
});

export const s3SettingsFields = {
  region: z.string({ error: 'expected a region like eu-west-1' }).trim().min(1, { error: 'expected a region like eu-west-1' }).max(64),
  endpoint: z
    .string({ error: 'expected an http(s):// URL' })
    .max(2048)
    .refine((s) => /^https?:\/\/[^/\s]+/.test(s) && URL.canParse(s), {
      error: 'expected an http(s):// URL like https://minio.internal:9000',
    })
    .optional(),
  path_style: z.boolean({ error: 'expected true or false' }).optional(),
  profile: z.string({ error: 'expected an AWS profile name' }).trim().min(1).max(128).optional(),
  library: location.optional(),
  archive: location.optional(),
  object_lock_days: z.number({ error: 'expected a number of days' }).int().min(1).max(36500).optional(),
  object_lock_mode: z.enum(['GOVERNANCE', 'COMPLIANCE'], { error: 'expected GOVERNANCE or COMPLIANCE' }).optional(),
};

const SETTINGS_KEYS = Object.keys(s3SettingsFields);

/** What updateSettings accepts: unknown keys (an access key, say) are refused, not dropped. */
export const s3SettingsSchema = z
  .object(s3SettingsFields, {
    error: (i) =>
      i.code === 'unrecognized_keys'
        ? `unknown key ${i.keys.map((k) => `"${k}"`).join(', ')} (known: ${SETTINGS_KEYS.join(', ')}; keys go through setS3Credentials)`
        : 'expected an object with region, library, archive, ...',
  })
  .strict();

/** Reading settings.json: a stray key (hand-edited) is ignored, never used as a credential. */
export const s3SettingsLenient = z.object(s3SettingsFields);

export type S3Settings = z.output<typeof s3SettingsSchema>;
