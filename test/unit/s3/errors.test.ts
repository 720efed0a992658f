// Error kinds s3rver cannot produce (it checks no signatures or permissions), from error shapes
// the SDK and Node throw. The reachable ones are covered against s3rver in test/integration/s3.
import { describe, expect, it } from 'vitest';
import { describeS3Error } from '../../../core/s3/errors';

const where = { endpoint: 'https://s3.eu-west-1.amazonaws.com', bucket: 'dr-evidence', key: 'reports/r1/journal.jsonl', op: 'write' };
const sdk = (name: string, status: number) => Object.assign(new Error('x'), { name, $metadata: { httpStatusCode: status } });
const node = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('describeS3Error', () => {
  it.each([
    [sdk('SignatureDoesNotMatch', 403), 'auth', /the secret access key is wrong/],
    [sdk('ExpiredToken', 400), 'auth', /session token is invalid or expired/],
    [sdk('AccessDenied', 403), 'permission', /access denied to s3:\/\/dr-evidence\/reports\/r1\/journal\.jsonl \(write\)/],
    [sdk('Forbidden', 403), 'permission', /access denied/],
    [sdk('PermanentRedirect', 301), 'region', /another region/],
    [sdk('PreconditionFailed', 412), 'conflict', /already exists/],
    [sdk('ConditionalRequestConflict', 409), 'conflict', /written concurrently/],
    [node('EAI_AGAIN'), 'dns', /cannot resolve s3\.eu-west-1\.amazonaws\.com/],
    [node('EHOSTUNREACH'), 'network', /no route/],
    [Object.assign(new Error('timed out'), { name: 'TimeoutError' }), 'timeout', /no answer/],
    [node('CERT_HAS_EXPIRED'), 'tls', /certificate has expired/],
    [node('ERR_TLS_CERT_ALTNAME_INVALID'), 'tls', /another host name/],
    [Object.assign(new Error('aborted'), { name: 'AbortError' }), 'cancelled', /cancelled/],
    [
      Object.assign(sdk('InvalidRequest', 400), { message: 'Bucket is missing Object Lock Configuration' }),
      'other',
      /does not have Object Lock enabled/,
    ],
  ])('%s → %s', (err, kind, message) => {
    const f = describeS3Error(err, where);
    expect(f.kind).toBe(kind);
    expect(f.message).toMatch(message);
  });

  it('only network kinds count as offline (queueable)', () => {
    expect(describeS3Error(node('ECONNREFUSED'), where).offline).toBe(true);
    expect(describeS3Error(sdk('AccessDenied', 403), where).offline).toBe(false);
    expect(describeS3Error(node('DEPTH_ZERO_SELF_SIGNED_CERT'), where).offline).toBe(false);
  });
});
