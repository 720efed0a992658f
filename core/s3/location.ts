// `s3://bucket/prefix/` URLs. Pure (no Node modules), so the contract's Settings schema can
// validate locations without pulling the SDK or the file system into core/api.ts.

export interface S3Location {
  bucket: string;
  /** Empty, or ends with `/`. */
  prefix: string;
}

// Bucket names per the S3 rules (3-63, lowercase, digits, dots, hyphens); keys are free text.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** `s3://bucket/prefix/` → location; undefined when it is not one. */
export function parseS3Url(url: string): S3Location | undefined {
  const m = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(url.trim());
  if (!m || !BUCKET.test(m[1]!)) return undefined;
  const rest = (m[2] ?? '').replace(/^\/+/, '');
  return { bucket: m[1]!, prefix: rest === '' || rest.endsWith('/') ? rest : `${rest}/` };
}

export const s3Url = (loc: S3Location, key = loc.prefix) => `s3://${loc.bucket}/${key}`;
