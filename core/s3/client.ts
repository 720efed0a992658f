// Config → S3Client, tuned to fail fast: S3 is optional, so an unreachable endpoint must cost
// seconds, not the SDK's defaults (no connect timeout, 3 attempts).
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { S3Config } from './config';

export interface S3ClientTuning {
  /** TCP (and TLS) connect; a black-holed endpoint fails after this. */
  connectTimeoutMs?: number;
  /** A socket with no traffic for this long is dropped (a hung server, a dead link mid-download). */
  idleTimeoutMs?: number;
  /** Attempts per request, the first included. */
  maxAttempts?: number;
}

export const S3_TUNING: Required<S3ClientTuning> = { connectTimeoutMs: 3000, idleTimeoutMs: 10_000, maxAttempts: 2 };

export function createS3Client(cfg: S3Config, tuning: S3ClientTuning = {}): S3Client {
  const t = { ...S3_TUNING, ...tuning };
  const options: S3ClientConfig = {
    region: cfg.region,
    forcePathStyle: cfg.pathStyle,
    maxAttempts: t.maxAttempts,
    // The options form of NodeHttpHandler (SDK ≥ 3.521): no import of @smithy/node-http-handler,
    // which is only a transitive dependency here.
    requestHandler: { connectionTimeout: t.connectTimeoutMs, socketTimeout: t.idleTimeoutMs },
  };
  if (cfg.endpoint !== undefined) {
    options.endpoint = cfg.endpoint;
    // S3-compatible stores (older MinIO, Ceph, ...) reject the SDK's default CRC32 trailers;
    // our uploads carry Content-MD5 and a sha256 in metadata instead.
    options.requestChecksumCalculation = 'WHEN_REQUIRED';
    options.responseChecksumValidation = 'WHEN_REQUIRED';
  }
  // With entered keys the chain is skipped; otherwise environment → profile/SSO → instance role.
  if (cfg.credentials) {
    const c = cfg.credentials;
    options.credentials = {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey.reveal(),
      ...(c.sessionToken ? { sessionToken: c.sessionToken.reveal() } : {}),
    };
  } else if (cfg.profile !== undefined) {
    options.profile = cfg.profile;
  }
  return quietly(() => new S3Client(options));
}

// The SDK warns on stderr, once, that its releases after January 2027 need Node 22: noise in the
// middle of an incident, and nothing the commander can act on then. Its own switch is an
// environment variable, set only while the client is made (synchronously), so no step's child
// process inherits it.
const QUIET = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';
function quietly<T>(make: () => T): T {
  const had = Object.hasOwn(process.env, QUIET);
  const was = process.env[QUIET];
  process.env[QUIET] = 'true';
  try {
    return make();
  } finally {
    if (had) process.env[QUIET] = was;
    else delete process.env[QUIET];
  }
}
