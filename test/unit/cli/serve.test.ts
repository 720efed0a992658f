// `drillbook serve` as a user starts it: a real process, the real engine, one URL line on stdout.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
let child: ChildProcess;
let dataDir: string;
let firstLine: string;
let stderr = '';

function get(url: URL): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    })
      .on('error', reject)
      .end();
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'drillbook-serve-'));
  const env = { ...process.env, DRILLBOOK_RUNBOOKS: '' };
  child = spawn(tsx, ['cli/main.ts', 'serve', '--no-open', '--port', '0', '--data-dir', dataDir], { cwd: root, env });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}, 30_000);

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('drillbook serve', () => {
  it('prints exactly the URL line on stdout, the token after # (never sent to a server)', () => {
    expect(firstLine).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/);
  });

  it('serves the UI (or says to build it) without a token and without any cookie', async () => {
    const page = await get(new URL('/', firstLine));
    if (page.status === 500) expect(page.body).toContain('npm run build');
    else expect(page.status).toBe(200);
    expect(page.headers['set-cookie']).toBeUndefined();
  });

  it('refuses the old ?token= URL with a pointer to the new one', async () => {
    const old = new URL(firstLine.replace('/#token=', '/?token='));
    const r = await get(old);
    expect(r.status).toBe(400);
    expect(r.body).toContain('#token=');
  });

  it('says --help that ?token= is gone', async () => {
    const { serveUsage } = await import('../../../cli/serve');
    expect(serveUsage).toContain('#token=');
    expect(serveUsage).toMatch(/\?token=TOKEN form is no longer accepted/);
  });

  it('answers the contract over /ws from the real engine, the token offered as a subprotocol', async () => {
    const url = new URL(firstLine);
    const token = url.hash.replace('#token=', '');
    const ws = new WebSocket(`ws://${url.host}/ws`, ['drillbook.v1', `drillbook.token.${token}`]);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const reply = new Promise<unknown>((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))));
    ws.send(JSON.stringify({ id: 1, method: 'getSettings', params: {} }));
    expect(await reply).toMatchObject({ kind: 'response', id: 1, ok: true, result: { theme: 'system' } });
    ws.close();
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/SIGTERM, shutting down/);
  }, 10_000);
});
