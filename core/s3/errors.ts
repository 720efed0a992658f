// SDK and network errors → one sentence a commander can act on, plus a kind the code can branch
// on (queue when offline, stop on auth). The SDK's own texts ("UnknownError", "connect
// ECONNREFUSED ...") name neither the bucket nor the fix.

export type S3FailureKind =
  | 'dns'
  | 'refused'
  | 'timeout'
  | 'network'
  | 'tls'
  | 'credentials'
  | 'auth'
  | 'no-bucket'
  | 'permission'
  | 'region'
  | 'not-found'
  | 'conflict'
  | 'not-s3'
  | 'cancelled'
  | 'other';

/** Kinds that say nothing about the request itself: worth queueing and trying again later. */
const OFFLINE: ReadonlySet<S3FailureKind> = new Set(['dns', 'refused', 'timeout', 'network']);

export class S3Failure extends Error {
  constructor(
    readonly kind: S3FailureKind,
    message: string,
    /** The SDK's error name or Node's error code, for logs and tests. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'S3Failure';
  }

  get offline(): boolean {
    return OFFLINE.has(this.kind);
  }
}

export interface S3Where {
  /** The endpoint as people know it (see endpointLabel). */
  endpoint: string;
  bucket?: string;
  key?: string;
  profile?: string;
  /** What we were doing: "list", "read", "write", ... */
  op?: string;
}

interface SdkishError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(VERIFY|GET)_|EPROTO$)/;

export function describeS3Error(err: unknown, where: S3Where): S3Failure {
  if (err instanceof S3Failure) return err;
  const e = (err ?? {}) as SdkishError;
  const name = e.name ?? '';
  const code = e.code ?? '';
  const status = e.$metadata?.httpStatusCode;
  const target =
    where.key !== undefined && where.bucket !== undefined
      ? `s3://${where.bucket}/${where.key}`
      : where.bucket !== undefined
        ? `bucket "${where.bucket}"`
        : where.endpoint;
  const host = hostOf(where.endpoint);
  const fail = (kind: S3FailureKind, message: string) => new S3Failure(kind, message, code || name || undefined);

  if (name === 'AbortError' || code === 'ABORT_ERR') return fail('cancelled', `S3 request cancelled (${target})`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return fail('dns', `cannot resolve ${host} (DNS ${code}): check the S3 endpoint and this machine's network`);
  if (code === 'ECONNREFUSED')
    return fail('refused', `connection refused by ${where.endpoint}: is the S3 endpoint running and the port right?`);
  if (name === 'TimeoutError' || code === 'ETIMEDOUT' || code === 'ECONNRESET' || code === 'EPIPE')
    return fail('timeout', `no answer from ${where.endpoint} in time (${code || name}): the endpoint is down or unreachable from here`);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ENETDOWN' || code === 'EADDRNOTAVAIL')
    return fail('network', `cannot reach ${where.endpoint} (${code}): no route to the S3 endpoint (offline?)`);
  if (TLS_CODE.test(code)) return fail('tls', tlsMessage(code, e.message ?? '', where.endpoint));
  if (name === 'CredentialsProviderError')
    return fail(
      'credentials',
      where.profile !== undefined
        ? `no AWS credentials for profile "${where.profile}" (looked in ~/.aws/credentials, ~/.aws/config and SSO): ${e.message ?? ''}`
        : 'no AWS credentials found: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, an AWS profile, or enter keys in Settings',
    );

  switch (name) {
    case 'InvalidAccessKeyId':
      return fail('auth', `authentication failed at ${where.endpoint}: the access key id is not known there (InvalidAccessKeyId)`);
    case 'SignatureDoesNotMatch':
      return fail('auth', `authentication failed at ${where.endpoint}: the secret access key is wrong (SignatureDoesNotMatch)`);
    case 'InvalidToken':
    case 'ExpiredToken':
    case 'TokenRefreshRequired':
      return fail(
        'auth',
        `authentication failed at ${where.endpoint}: the session token is invalid or expired (${name}); sign in again (aws sso login)`,
      );
    case 'NoSuchBucket':
      return fail('no-bucket', `bucket "${where.bucket ?? '?'}" does not exist at ${where.endpoint} (NoSuchBucket)`);
    case 'AccessDenied':
    case 'AllAccessDisabled':
    case 'Forbidden':
      return fail('permission', `access denied to ${target}${where.op ? ` (${where.op})` : ''}: the credentials lack permission (${name})`);
    case 'PermanentRedirect':
    case 'AuthorizationHeaderMalformed':
    case 'IllegalLocationConstraintException':
      return fail('region', `${target} is in another region than the one configured (${name}): fix s3.region`);
    case 'NoSuchKey':
    case 'NotFound':
      return fail('not-found', `${target} not found`);
    case 'PreconditionFailed':
    case 'ConditionalRequestConflict':
      return fail('conflict', `${target} already exists or was written concurrently (${name})`);
  }
  if (name === 'InvalidRequest' && /object lock/i.test(e.message ?? ''))
    return fail(
      'other',
      `bucket "${where.bucket ?? '?'}" does not have Object Lock enabled: enable it on the bucket, or remove s3.object_lock_days`,
    );
  if (status === 403) return fail('permission', `access denied to ${target} (HTTP 403)`);
  if (status === 404) return fail('not-found', `${target} not found (HTTP 404)`);
  if (/deserializ|char 0|Unexpected token|non-whitespace/i.test(e.message ?? ''))
    return fail('not-s3', `${where.endpoint} did not answer like an S3 endpoint (HTTP ${status ?? '?'}): check the endpoint URL`);
  return fail(
    'other',
    `S3 ${where.op ?? 'request'} on ${target} failed: ${name && name !== 'Error' ? `${name}: ` : ''}${e.message ?? String(err)}`,
  );
}

function tlsMessage(code: string, detail: string, endpoint: string): string {
  if (/wrong version number|packet length too long/i.test(detail))
    return `TLS failure talking to ${endpoint}: the server does not speak TLS there (use http:// or the TLS port)`;
  if (/SELF_SIGNED|UNABLE_TO_(VERIFY|GET)_/.test(code))
    return `TLS failure talking to ${endpoint}: its certificate is not trusted (${code}); add your CA with NODE_EXTRA_CA_CERTS`;
  if (code === 'CERT_HAS_EXPIRED') return `TLS failure talking to ${endpoint}: its certificate has expired`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `TLS failure talking to ${endpoint}: the certificate is for another host name`;
  return `TLS failure talking to ${endpoint} (${code}): ${detail.split('\n')[0]}`;
}

function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).hostname;
  } catch {
    return endpoint;
  }
}
