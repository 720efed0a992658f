// `drillbook lint FILES | head -3`: when the reader goes away, lint stops writing and exits
// with its own exit code, without an EPIPE stack trace.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(path.join(tmpdir(), 'drillbook-epipe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('exits quietly when stdout is closed early', async () => {
  // Far more output than a pipe buffers: 200 files of 100 errors each.
  const body = Array.from({ length: 100 }, (_, i) => `- [ ] step ${i} {timout=1m}`).join('\n');
  for (let i = 0; i < 200; i++) writeFileSync(path.join(dir, `f${i}.md`), `---\nid: f${i}\ntitle: F\nversion: 1.0.0\n---\n# P\n${body}\n`);
  const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), ['cli/main.ts', 'lint', dir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(stderr).toBe('');
  expect(code).toBe(1);
}, 60_000);
