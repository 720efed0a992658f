// The browser host's HTTP gate against a real server: token → cookie, Host/Origin refusals.
import { networkInterfaces } from 'node:os';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieFor, get, startFixture, testApi, type Fixture } from './helpers';

let fx: Fixture;
let port: number;
let token: string;
beforeAll(async () => {
  fx = await startFixture(testApi().api);
  ({ port, token } = fx.server);
});
afterAll(() => fx.close());

describe('browser host: authentication', () => {
  it('prints a token URL on 127.0.0.1 with a 256-bit base64url token', () => {
    expect(fx.server.url).toBe(`http://127.0.0.1:${port}/?token=${token}`);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a request without a token with 401 and a hint', async () => {
    const r = await get(port, '/');
    expect(r.status).toBe(401);
    expect(r.body).toContain('drillbook serve');
    expect(r.body).not.toContain(token);
  });

  it('turns ?token= into an HttpOnly SameSite=Strict cookie and redirects without it', async () => {
    const r = await get(port, `/assets/app.js?x=1&token=${token}`);
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe('/assets/app.js?x=1');
    const cookie = r.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toContain(`drillbook_token=${token}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
  });

  it('serves with the cookie', async () => {
    const r = await get(port, '/', cookieFor(token));
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>Drillbook</title>');
  });

  it('refuses a wrong token, in the query or the cookie', async () => {
    expect((await get(port, '/?token=wrong')).status).toBe(401);
    expect((await get(port, '/', cookieFor(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')))).status).toBe(401);
    expect((await get(port, '/', cookieFor(''))).status).toBe(401);
  });

  it('never redirects off-site, even for a path that looks protocol-relative', async () => {
    const r = await get(port, `//evil.example/x?token=${token}`);
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe('/evil.example/x');
  });

  it('accepts a launch code once, then never again', async () => {
    const launch = new URL(fx.server.launchUrl());
    const first = await get(port, launch.pathname + launch.search);
    expect(first.status).toBe(302);
    expect(first.headers['set-cookie']?.[0]).toContain(`drillbook_token=${token}`);
    expect((await get(port, launch.pathname + launch.search)).status).toBe(401);
  });
});

describe('browser host: Host and Origin checks', () => {
  it('refuses a foreign Host header (DNS rebinding) even with a valid cookie', async () => {
    const r = await get(port, '/', { ...cookieFor(token), Host: `evil.example:${port}` });
    expect(r.status).toBe(403);
    expect((await get(port, '/', { ...cookieFor(token), Host: '127.0.0.1:1' })).status).toBe(403);
  });

  it('accepts localhost:PORT as Host', async () => {
    expect((await get(port, '/', { ...cookieFor(token), Host: `localhost:${port}` })).status).toBe(200);
  });

  it('refuses a foreign Origin and accepts our own', async () => {
    expect((await get(port, '/', { ...cookieFor(token), Origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(port, '/', { ...cookieFor(token), Origin: 'null' })).status).toBe(403);
    expect((await get(port, '/', { ...cookieFor(token), Origin: `http://127.0.0.1:${port}` })).status).toBe(200);
  });

  it('listens on 127.0.0.1 only', async () => {
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && !a.internal)
      .map((a) => a!.address);
    for (const address of ['::1', ...others]) {
      const outcome = await new Promise<string>((resolve) => {
        const s = connect({ host: address, port }, () => (s.destroy(), resolve('connected')));
        s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      });
      expect(outcome, address).not.toBe('connected');
    }
  });
});
