// The browser host's static files against a real server: headers, types, no way out of the root.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSP } from '../../../core/csp';
import { get, startFixture, testApi, type Fixture } from './helpers';

let fx: Fixture;
let port: number;
beforeAll(async () => {
  fx = await startFixture(testApi().api);
  ({ port } = fx.server);
});
afterAll(() => fx.close());

describe('browser host: static files', () => {
  it('sets the CSP and hardening headers, no-store for html', async () => {
    const r = await get(port, '/');
    expect(r.headers['content-security-policy']).toBe(CSP);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect((await get(port, '/', { Host: 'evil.example' })).headers['content-security-policy']).toBe(CSP); // on a 403 too
  });

  it('sends correct content types', async () => {
    expect((await get(port, '/assets/app.js')).headers['content-type']).toMatch(/^text\/javascript/);
    expect((await get(port, '/assets/app.css')).headers['content-type']).toMatch(/^text\/css/);
    expect((await get(port, '/nope.js')).status).toBe(404);
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/%00',
  ])('refuses path traversal: %s', async (p) => {
    const r = await get(port, p);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.body).not.toContain('TOP SECRET');
  });

  it('serves no symlink that leads out of the root (a file or a folder), only regular files under it', async () => {
    const { mkdtempSync, symlinkSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const outside = mkdtempSync(path.join(tmpdir(), 'drillbook-outside-'));
    writeFileSync(path.join(outside, 'secret.txt'), 'TOP SECRET');
    symlinkSync(path.join(outside, 'secret.txt'), path.join(fx.staticDir, 'assets', 'link.txt'));
    symlinkSync(outside, path.join(fx.staticDir, 'assets', 'dir'));
    symlinkSync('/etc/hostname', path.join(fx.staticDir, 'hostname'));
    for (const p of ['/assets/link.txt', '/assets/dir/secret.txt', '/hostname']) {
      const r = await get(port, p);
      expect([p, r.status]).toEqual([p, 404]);
      expect(r.body).not.toContain('TOP SECRET');
    }
    // A link that stays inside the root is still served.
    symlinkSync(path.join(fx.staticDir, 'assets', 'app.js'), path.join(fx.staticDir, 'assets', 'alias.js'));
    expect((await get(port, '/assets/alias.js')).status).toBe(200);
  });

  it('refuses methods other than GET/HEAD', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/', method: 'POST', headers: {} }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.end();
    });
    expect(status).toBe(405);
  });

  it('explains a missing build with a 500 page', async () => {
    const unbuilt = await startFixture(testApi().api, false);
    const r = await get(unbuilt.server.port, '/');
    await unbuilt.close();
    expect(r.status).toBe(500);
    expect(r.body).toContain('npm run build');
  });
});
