// The browser host's gate against a real server: no cookie ever, the secret only after '#',
// the launch-code exchange and the token check (POST, our Origin only), Host/Origin refusals.
import { networkInterfaces } from 'node:os';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as hostAuth from '../../../host/auth';
import * as rendererWs from '../../../renderer/api/ws.bridge';
import { get, post, startFixture, testApi, type Fixture } from './helpers';

let fx: Fixture;
let port: number;
let token: string;
beforeAll(async () => {
  fx = await startFixture(testApi().api);
  ({ port, token } = fx.server);
});
afterAll(() => fx.close());

const codeOf = (launchUrl: string) => new URL(launchUrl).hash.replace(/^#launch=/, '');
const wrong = () => token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');

describe('browser host: where the secret travels', () => {
  it('prints a URL with a 256-bit base64url token after #, which browsers never send', () => {
    expect(fx.server.url).toBe(`http://127.0.0.1:${port}/#token=${token}`);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const launch = new URL(fx.server.launchUrl());
    expect(launch.search).toBe('');
    expect(launch.hash).toMatch(/^#launch=[A-Za-z0-9_-]{43}$/);
    expect(launch.hash).not.toContain(token);
  });

  it('serves the built UI (public code) without any token, and never sends Set-Cookie', async () => {
    const replies = [
      await get(port, '/'),
      await get(port, '/assets/app.js'),
      await get(port, '/nope'),
      await get(port, '/?token=x'),
      await get(port, '/', { Host: 'evil.example' }),
      await post(port, '/api/launch', { code: codeOf(fx.server.launchUrl()) }),
      await post(port, '/api/launch', { code: 'nope' }),
      await post(port, '/api/session', '', { Authorization: `Bearer ${token}` }),
      await post(port, '/api/session', ''),
    ];
    expect(replies[0]!.status).toBe(200);
    expect(replies[0]!.body).toContain('<title>Drillbook</title>');
    for (const r of replies) expect(r.headers['set-cookie']).toBeUndefined();
  });

  it('refuses the old ?token= / ?launch= query with a 400 that points at the new URL, and never echoes it', async () => {
    for (const q of [`?token=${token}`, '?launch=abc', `/assets/app.js?x=1&token=${token}`]) {
      const r = await get(port, q.startsWith('/') ? q : `/${q}`);
      expect(r.status).toBe(400);
      expect(r.body).toContain('#token=');
      expect(r.body).not.toContain(token);
    }
  });

  it('host and renderer agree on the WebSocket subprotocol names', () => {
    expect(rendererWs.WS_PROTOCOL).toBe(hostAuth.WS_PROTOCOL);
    expect(rendererWs.WS_TOKEN_PREFIX).toBe(hostAuth.WS_TOKEN_PREFIX);
  });
});

describe('browser host: POST /api/launch (one-time code → token)', () => {
  it('answers the token for a fresh code once, then never again', async () => {
    const code = codeOf(fx.server.launchUrl());
    const first = await post(port, '/api/launch', { code });
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(first.body)).toEqual({ token });
    const again = await post(port, '/api/launch', { code });
    expect(again.status).toBe(401);
    expect(again.body).not.toContain(token);
  });

  it('refuses a wrong code, the token itself, and a malformed body', async () => {
    for (const body of [{ code: 'nope' }, { code: token }, { code: 1 }, {}, 'not json', '']) {
      expect((await post(port, '/api/launch', body)).status).toBe(401);
    }
  });

  it('refuses a request that is not from our page: no Origin, a foreign Origin, another port, a foreign Host', async () => {
    const code = codeOf(fx.server.launchUrl());
    const noOrigin = await get(port, '/api/launch', { 'Content-Type': 'application/json' }, '127.0.0.1', 'POST', JSON.stringify({ code }));
    expect(noOrigin.status).toBe(403);
    expect((await post(port, '/api/launch', { code }, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await post(port, '/api/launch', { code }, { Origin: `http://127.0.0.1:${port + 1}` })).status).toBe(403);
    expect((await post(port, '/api/launch', { code }, { Origin: 'null' })).status).toBe(403);
    expect((await post(port, '/api/launch', { code }, { Host: `evil.example:${port}` })).status).toBe(403);
    // None of those spent the code: our page still can.
    expect((await post(port, '/api/launch', { code })).status).toBe(200);
  });

  it('is POST only, and refuses an oversized body', async () => {
    const r = await get(port, '/api/launch');
    expect(r.status).toBe(405);
    expect(r.body).not.toContain(token);
    expect((await post(port, '/api/launch', { code: 'x'.repeat(10_000) })).status).toBe(413);
  });
});

describe('browser host: POST /api/session (is my stored token still good?)', () => {
  it('204 for this launch’s token, 401 for a wrong or missing one, 403 from elsewhere', async () => {
    expect((await post(port, '/api/session', '', { Authorization: `Bearer ${token}` })).status).toBe(204);
    expect((await post(port, '/api/session', '', { Authorization: `Bearer ${wrong()}` })).status).toBe(401);
    expect((await post(port, '/api/session', '', { Authorization: `Basic ${token}` })).status).toBe(401);
    expect((await post(port, '/api/session', '')).status).toBe(401);
    expect((await post(port, '/api/session', '', { Authorization: `Bearer ${token}`, Origin: 'http://evil.example' })).status).toBe(403);
  });
});

describe('browser host: Host and Origin checks', () => {
  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await get(port, '/', { Host: `evil.example:${port}` })).status).toBe(403);
    expect((await get(port, '/', { Host: '127.0.0.1:1' })).status).toBe(403);
  });

  it('accepts localhost:PORT as Host', async () => {
    expect((await get(port, '/', { Host: `localhost:${port}` })).status).toBe(200);
  });

  it('refuses a foreign Origin and accepts our own', async () => {
    expect((await get(port, '/', { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(port, '/', { Origin: 'null' })).status).toBe(403);
    expect((await get(port, '/', { Origin: `http://127.0.0.1:${port}` })).status).toBe(200);
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
