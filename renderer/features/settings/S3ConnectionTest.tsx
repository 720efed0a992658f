// "Test connection": one small list per configured bucket, each saying exactly what failed
// (DNS, refused, TLS, authentication, bucket missing, permission) and how long it took.
import type { S3FailureKind } from '../../../core/api';
import { useApp } from '../../store';

const KIND: Record<S3FailureKind, string> = {
  dns: 'DNS',
  refused: 'connection refused',
  timeout: 'timeout',
  network: 'network unreachable',
  tls: 'TLS',
  credentials: 'no credentials',
  auth: 'authentication',
  'no-bucket': 'bucket missing',
  permission: 'permission denied',
  region: 'wrong region',
  'not-found': 'not found',
  conflict: 'conflict',
  'not-s3': 'not an S3 endpoint',
  cancelled: 'cancelled',
  other: 'failed',
};

export function S3ConnectionTest({ configured, beforeTest }: { configured: boolean; beforeTest(): Promise<boolean> }) {
  const testing = useApp((s) => s.s3Testing);
  const report = useApp((s) => s.s3Connection);
  const error = useApp((s) => s.s3ConnectionError);
  const test = useApp((s) => s.testS3Connection);
  const run = async () => {
    if (await beforeTest()) await test();
  };
  return (
    <div className="s3-test">
      <button type="button" onClick={() => void run()} disabled={testing || !configured} aria-describedby="s3-test-result">
        {testing ? 'Testing…' : 'Test connection'}
      </button>
      <div id="s3-test-result" role="status" aria-live="polite">
        {error && <p className="problem">{error}</p>}
        {report && (
          <>
            <p className={report.ok ? 'test-ok' : 'problem'}>
              {report.ok
                ? `✓ Connected to ${report.endpoint}`
                : `✗ ${report.endpoint}: ${report.checks.filter((c) => !c.ok).length} of ${report.checks.length} failed`}
            </p>
            <ul className="s3-checks" aria-label="Connection checks">
              {report.checks.map((c) => (
                <li key={c.target} className={c.ok ? 'check-ok' : 'check-failed'} data-target={c.target}>
                  <span aria-hidden="true">{c.ok ? '✓' : '✗'}</span> <strong>{c.target}</strong> <code>{c.url}</code>:{' '}
                  {c.ok ? 'OK' : <strong>{KIND[c.kind ?? 'other']}</strong>} — {c.message} <span className="muted">({c.ms} ms)</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}
