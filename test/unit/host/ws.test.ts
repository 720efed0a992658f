// The contract over /ws against a real server: who may connect, and how each message is answered.
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EngineEvent, ServerMessage } from '../../../core/api';
import { MAX_REQUEST_BYTES } from '../../../core/request-limit';
import { messages, openWs, startFixture, testApi, tokenProtocols, type Fixture } from './helpers';

let fx: Fixture;
let port: number;
let token: string;
const t = testApi();
beforeAll(async () => {
  fx = await startFixture(t.api);
  ({ port, token } = fx.server);
});
afterAll(() => fx.close());

async function connected(): Promise<WebSocket> {
  const ws = await openWs(port, tokenProtocols(token));
  if (typeof ws === 'number') throw new Error(`refused with ${ws}`);
  return ws;
}
const reply = (id: number) => (m: ServerMessage) => m.kind === 'response' && m.id === id;

describe('browser host: who may open /ws', () => {
  const wrong = () => token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');

  it('refuses an upgrade without a token (401), with a wrong one, or with the token anywhere but the subprotocol', async () => {
    expect(await openWs(port)).toBe(401);
    expect(await openWs(port, ['drillbook.v1'])).toBe(401);
    expect(await openWs(port, tokenProtocols(wrong()))).toBe(401);
    expect(await openWs(port, tokenProtocols(''))).toBe(401);
    // The old ways no longer work: the query, and a cookie.
    expect(await openWs(port, ['drillbook.v1'], {}, `?token=${token}`)).toBe(401);
    expect(await openWs(port, ['drillbook.v1'], { Cookie: `drillbook_token=${token}` })).toBe(401);
  });

  it('wants exactly our protocol beside exactly one token entry', async () => {
    expect(await openWs(port, [`drillbook.token.${token}`])).toBe(401);
    expect(await openWs(port, ['drillbook.v1', `drillbook.token.${wrong()}`, `drillbook.token.${token}`])).toBe(401);
  });

  it('refuses a foreign Origin before upgrading, even with a valid token', async () => {
    expect(await openWs(port, tokenProtocols(token), { Origin: 'http://evil.example' })).toBe(403);
    expect(await openWs(port, tokenProtocols(token), { Origin: `http://127.0.0.1:${port + 1}` })).toBe(403);
    expect(await openWs(port, tokenProtocols(token), { Origin: 'null' })).toBe(403);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect(await openWs(port, tokenProtocols(token), { Host: `evil.example:${port}` })).toBe(403);
  });

  it('accepts the token with our Origin (a browser) or without any Origin (a non-browser client), answering drillbook.v1 only', async () => {
    const a = await openWs(port, tokenProtocols(token), { Origin: `http://localhost:${port}` });
    const b = await openWs(port, tokenProtocols(token));
    expect(a).toBeInstanceOf(WebSocket);
    expect(b).toBeInstanceOf(WebSocket);
    expect((a as WebSocket).protocol).toBe('drillbook.v1');
    expect((b as WebSocket).protocol).toBe('drillbook.v1');
    (a as WebSocket).close();
    (b as WebSocket).close();
  });

  it('never echoes the token in the handshake answer', async () => {
    const { request } = await import('node:http');
    const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const req = request({
        host: '127.0.0.1',
        port,
        path: '/ws',
        headers: {
          Connection: 'Upgrade',
          Upgrade: 'websocket',
          'Sec-WebSocket-Version': '13',
          'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
          // The token first: a server echoing the first offer would send it back.
          'Sec-WebSocket-Protocol': `drillbook.token.${token}, drillbook.v1`,
        },
      });
      req.on('upgrade', (res, socket) => (socket.destroy(), resolve(res.headers)));
      req.on('error', reject);
      req.end();
    });
    expect(headers['sec-websocket-protocol']).toBe('drillbook.v1');
    expect(headers['set-cookie']).toBeUndefined();
    expect(JSON.stringify(headers)).not.toContain(token);
  });

  it('does not accept a launch code on /ws', async () => {
    const code = new URL(fx.server.launchUrl()).hash.replace('#launch=', '');
    expect(await openWs(port, tokenProtocols(code))).toBe(401);
    expect(await openWs(port, ['drillbook.v1'], {}, `?launch=${code}`)).toBe(401);
  });
});

describe('browser host: messages on /ws', () => {
  it('answers a request, and keeps working after invalid JSON', async () => {
    const ws = await connected();
    const inbox = messages(ws);
    ws.send('{not json');
    expect(await inbox.next(reply(-1))).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    ws.send(JSON.stringify({ id: 1, method: 'getSettings', params: {} }));
    expect(await inbox.next(reply(1))).toEqual({
      kind: 'response',
      id: 1,
      ok: true,
      result: { actor: '', theme: 'system' },
    });
    ws.send(JSON.stringify({ id: 2, method: 'listRunbooks', params: {} }));
    expect(await inbox.next(reply(2))).toMatchObject({ ok: true, result: { groups: [], invalid: [] } });
    ws.close();
  });

  it('answers bad_request for an unknown method, a bad envelope, and params breaking the schema', async () => {
    const ws = await connected();
    const inbox = messages(ws);
    ws.send(JSON.stringify({ id: 3, method: 'deleteEverything', params: {} }));
    expect(await inbox.next(reply(3))).toMatchObject({
      ok: false,
      error: { code: 'bad_request', message: expect.stringContaining('deleteEverything') },
    });
    ws.send(JSON.stringify({ id: 4, method: 'getSettings', extra: true }));
    expect(await inbox.next(reply(4))).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    ws.send(JSON.stringify({ id: 5, method: 'updateSettings', params: { theme: 'purple' } }));
    const r = await inbox.next(reply(5));
    expect(r).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('theme') } });
    ws.close();
  });

  it('passes ApiError codes through and hides unexpected errors', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const ws = await connected();
    const inbox = messages(ws);
    ws.send(JSON.stringify({ id: 6, method: 'getRun', params: { runId: 'x' } }));
    expect(await inbox.next(reply(6))).toMatchObject({ ok: false, error: { code: 'not_found' } });
    ws.send(JSON.stringify({ id: 7, method: 'listRuns', params: {} }));
    const r = await inbox.next(reply(7));
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(r)).not.toMatch(/secret|EIO|at /);
    expect(log).toHaveBeenCalled(); // the details go to the server's own log instead
    log.mockRestore();
    ws.close();
  });

  it('answers a request as large as the contract allows (an import of 4 Mi characters, JSON-escaped)', async () => {
    const ws = await connected();
    const inbox = messages(ws);
    const content = '"\n'.repeat(2 * 1024 * 1024); // 4 Mi characters, 8 MiB once escaped
    ws.send(JSON.stringify({ id: 9, method: 'previewImport', params: { fileName: 'page.html', content } }));
    // It reached the engine (whose stand-in has no importer) instead of closing the connection.
    expect(await inbox.next(reply(9))).toMatchObject({ ok: false, error: { code: 'not_found' } });
    ws.close();
  });

  it('refuses a message over MAX_REQUEST_BYTES by closing the connection', async () => {
    const ws = await connected();
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.on('error', () => {});
    ws.send(JSON.stringify({ id: 8, method: 'getSettings', params: { pad: 'x'.repeat(MAX_REQUEST_BYTES) } }));
    expect(await closed).toBe(1009);
  });

  it('broadcasts engine events to every client and unsubscribes closed ones', async () => {
    const before = t.listeners();
    const [a, b] = [await connected(), await connected()];
    const [ia, ib] = [messages(a), messages(b)];
    await new Promise((r) => setTimeout(r, 20));
    expect(t.listeners()).toBe(before + 2);
    const event: EngineEvent = { type: 'library.changed' };
    t.emit(event);
    const isEvent = (m: ServerMessage) => m.kind === 'event';
    expect(await ia.next(isEvent)).toEqual({ kind: 'event', event });
    expect(await ib.next(isEvent)).toEqual({ kind: 'event', event });
    a.close();
    b.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(t.listeners()).toBe(before);
  });
});
