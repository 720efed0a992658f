// Making an S3 client prints no AWS SDK "NodeVersionSupportWarning" on stderr (noise in an
// incident), and leaves the environment that steps' child processes inherit as it was.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const script = `
import { createS3Client } from './core/s3/client.ts';
createS3Client({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9' });
await new Promise((r) => setTimeout(r, 50)); // warnings are emitted on the next tick
console.log(JSON.stringify(Object.hasOwn(process.env, 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED')));
`;

describe('S3 client', () => {
  it('is made without the SDK Node version warning, and without changing process.env', () => {
    const env = { ...process.env };
    delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, env, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/NodeVersionSupportWarning/);
    expect(r.stdout.trim()).toBe('false');
  });
});
