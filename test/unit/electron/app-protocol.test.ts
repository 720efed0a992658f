import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSession, protocol, resetFakes } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));
const { appRequestHandler, registerAppScheme } = await import('../../../electron/app-protocol');
const { applyCspHeaders } = await import('../../../electron/csp');

const CSP = "default-src 'self'; script-src 'self'; object-src 'none'";
let serve: (r: Request) => Promise<Response>;

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'drillbook-renderer-'));
  mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><div id=root></div>');
  writeFileSync(join(dir, 'renderer', 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'outside the root');
  serve = appRequestHandler(join(dir, 'renderer'), CSP);
});
beforeEach(resetFakes);

const get = (url: string, method = 'GET') => serve(new Request(url, { method }));

describe('app:// protocol', () => {
  it('registers a standard, secure scheme that does not bypass CSP', () => {
    registerAppScheme();
    const [[schemes]] = protocol.registerSchemesAsPrivileged.mock.calls as unknown as [
      [{ scheme: string; privileges: Record<string, boolean> }[]],
    ];
    expect(schemes[0]!.scheme).toBe('app');
    expect(schemes[0]!.privileges).toMatchObject({ standard: true, secure: true });
    expect(schemes[0]!.privileges.bypassCSP).toBeFalsy();
  });

  it('serves renderer files with the CSP header and a content type', async () => {
    const res = await get('app://drillbook/index.html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('id=root');
    expect((await get('app://drillbook/')).status).toBe(200);
    const js = await get('app://drillbook/assets/app.js');
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(js.headers.get('content-security-policy')).toBe(CSP);
  });

  it('never serves outside the root, other hosts, or non-GET', async () => {
    for (const url of [
      'app://drillbook/..%2Fsecret.txt',
      'app://drillbook/%2e%2e/secret.txt',
      'app://drillbook/../secret.txt',
      'app://drillbook/missing.js',
      'app://drillbook/assets',
      'app://drillbook/%E0%A4%A',
      'app://drillbook/a%00.js',
      'app://other/index.html',
    ])
      expect((await get(url)).status, url).toBe(404);
    expect((await get('app://drillbook/index.html', 'POST')).status).toBe(404);
  });
});

describe('CSP session hook', () => {
  it('puts exactly our policy on app:// responses and leaves others alone', () => {
    const s = new FakeSession();
    applyCspHeaders(s as never, CSP);
    let out: Record<string, unknown> | undefined;
    s.headersListener!(
      { url: 'app://drillbook/index.html', responseHeaders: { 'content-security-policy': ['*'], 'Content-Type': ['text/html'] } },
      (r) => (out = r as Record<string, unknown>),
    );
    expect(out).toEqual({ responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [CSP] } });
    s.headersListener!({ url: 'devtools://devtools/bundled/x.html', responseHeaders: {} }, (r) => (out = r as never));
    expect(out).toEqual({});
  });
});
