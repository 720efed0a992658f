// The `s3:` block (inventory file or Settings): where the library and the archive live and how
// to reach them. Snake_case in YAML, camelCase once read. Keys entered by hand become Secrets.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { YAML_SYNTAX_HINT } from '../inventory/schema';
import { parseS3Url, type S3Location } from './location';
import { Secret } from './secret';
import { s3SettingsFields } from './settings-schema';

export { parseS3Url, s3Url, type S3Location } from './location';

export type ObjectLockMode = 'GOVERNANCE' | 'COMPLIANCE';

export interface S3Config {
  region: string;
  endpoint?: string;
  pathStyle: boolean;
  profile?: string;
  library?: S3Location;
  archive?: S3Location;
  objectLock?: { days: number; mode: ObjectLockMode };
  credentials?: { accessKeyId: string; secretAccessKey: Secret; sessionToken?: Secret };
}

const S3_KEYS = [
  'region',
  'endpoint',
  'path_style',
  'profile',
  'library',
  'archive',
  'object_lock_days',
  'object_lock_mode',
  'access_key_id',
  'secret_access_key',
  'session_token',
];

export const s3BlockSchema = z
  .object(
    {
      ...s3SettingsFields,
      access_key_id: z.string().trim().min(1).optional(),
      secret_access_key: z.string().min(1).optional(),
      session_token: z.string().min(1).optional(),
    },
    {
      error: (i) =>
        i.code === 'unrecognized_keys'
          ? `unknown key ${i.keys.map((k) => `"${k}"`).join(', ')} (known: ${S3_KEYS.join(', ')})`
          : 'expected a mapping with region, library, archive, ...',
    },
  )
  .strict()
  .refine((b) => (b.access_key_id === undefined) === (b.secret_access_key === undefined), {
    error: 'access_key_id and secret_access_key go together (or leave both out to use the AWS credential chain)',
    path: ['secret_access_key'],
  });

export type S3Block = z.input<typeof s3BlockSchema>;

export class S3ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'S3ConfigError';
  }
}

function toConfig(b: z.output<typeof s3BlockSchema>): S3Config {
  const cfg: S3Config = { region: b.region, pathStyle: b.path_style ?? b.endpoint !== undefined };
  if (b.endpoint !== undefined) cfg.endpoint = b.endpoint.replace(/\/+$/, '');
  if (b.profile !== undefined) cfg.profile = b.profile;
  if (b.library !== undefined) cfg.library = parseS3Url(b.library)!;
  if (b.archive !== undefined) cfg.archive = parseS3Url(b.archive)!;
  if (b.object_lock_days !== undefined) cfg.objectLock = { days: b.object_lock_days, mode: b.object_lock_mode ?? 'GOVERNANCE' };
  if (b.access_key_id !== undefined && b.secret_access_key !== undefined) {
    cfg.credentials = { accessKeyId: b.access_key_id, secretAccessKey: new Secret(b.secret_access_key) };
    if (b.session_token !== undefined) cfg.credentials.sessionToken = new Secret(b.session_token);
  }
  return cfg;
}

/** Read an `s3:` block (from Settings or already-parsed YAML); throws S3ConfigError. */
export function parseS3Block(raw: unknown): S3Config {
  const r = s3BlockSchema.safeParse(raw);
  if (!r.success) throw new S3ConfigError(r.error.issues.map((i) => `${['s3', ...i.path].join('.')}: ${i.message}`));
  return toConfig(r.data);
}

/** The `s3:` block of a YAML inventory file; undefined when the file has none. Errors name
 * `file:line:col`. Only this key is read: the rest of the inventory belongs to the SSH side. */
export async function readS3ConfigFile(file: string): Promise<S3Config | undefined> {
  const text = await readFile(file, 'utf8');
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const at = (offset: number) => {
    const p = lines.linePos(offset);
    return `${file}:${p.line}:${p.col}`;
  };
  // Only the first syntax error: the parser, once lost, reports every token after it.
  const bad = [...doc.errors].sort((a, b) => a.pos[0] - b.pos[0])[0];
  if (bad) throw new S3ConfigError([`${at(bad.pos[0])}: inventory is not valid YAML: ${bad.message.split('\n')[0]} ${YAML_SYNTAX_HINT}`]);
  const raw = doc.toJS() as unknown;
  if (raw === null || typeof raw !== 'object' || !('s3' in raw)) return undefined;
  const r = s3BlockSchema.safeParse((raw as { s3: unknown }).s3);
  if (r.success) return toConfig(r.data);
  throw new S3ConfigError(
    r.error.issues.map((i) => {
      const keyPath = ['s3', ...i.path.map(String)];
      // An unknown key points at its value; everything else at the offending value.
      const first = i.code === 'unrecognized_keys' ? i.keys[0] : undefined;
      const node = doc.getIn(first === undefined ? keyPath : [...keyPath, first], true) as { range?: [number, number, number] } | undefined;
      const where = node?.range ? at(node.range[0]) : file;
      return `${where}: ${keyPath.join('.')}: ${i.message}`;
    }),
  );
}

/** Where the CLI finds the config: `--inventory FILE`, else `<dataDir>/inventory.yaml`. */
export async function resolveS3Config(opts: { inventory?: string; dataDir: string }): Promise<S3Config> {
  const file = opts.inventory ?? path.join(opts.dataDir, 'inventory.yaml');
  if (opts.inventory === undefined && !existsSync(file)) {
    throw new S3ConfigError([`S3 is not configured: add an s3: block to ${file} or pass --inventory FILE`]);
  }
  const cfg = await readS3ConfigFile(file);
  if (!cfg) throw new S3ConfigError([`${file}: no s3: block (region, library: s3://bucket/prefix/, archive: ...)`]);
  return cfg;
}

/** The endpoint as people know it, for messages. */
export const endpointLabel = (cfg: S3Config) => cfg.endpoint ?? `AWS S3 (${cfg.region})`;
