// The contract over /ws against a real server: who may connect, and how each message is answered.
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EngineEvent, ServerMessage } from '../../../core/api';
import { cookieFor, messages, openWs, startFixture, testApi, type Fixture } from './helpers';

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
  const ws = await openWs(port, '', cookieFor(token));
  if (typeof ws === 'number') throw new Error(`refused with ${ws}`);
  return ws;
}
const reply = (id: number) => (m: ServerMessage) => m.kind === 'response' && m.id === id;

describe('browser host: who may open /ws', () => {
  it('refuses an upgrade without a token (401) or with a wrong one', async () => {
    expect(await openWs(port, '')).toBe(401);
    expect(await openWs(port, '?token=nope')).toBe(401);
  });

  it('refuses a foreign Origin before upgrading, even with a valid token', async () => {
    expect(await openWs(port, '', { ...cookieFor(token), Origin: 'http://evil.example' })).toBe(403);
    expect(await openWs(port, `?token=${token}`, { Origin: `http://127.0.0.1:${port + 1}` })).toBe(403);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect(await openWs(port, `?token=${token}`, { Host: `evil.example:${port}` })).toBe(403);
  });

  it('accepts the cookie with our Origin, and ?token= without any Origin (non-browser client)', async () => {
    const a = await openWs(port, '', { ...cookieFor(token), Origin: `http://localhost:${port}` });
    const b = await openWs(port, `?token=${token}`);
    expect(a).toBeInstanceOf(WebSocket);
    expect(b).toBeInstanceOf(WebSocket);
    (a as WebSocket).close();
    (b as WebSocket).close();
  });

  it('does not accept a launch code on /ws', async () => {
    const code = new URL(fx.server.launchUrl()).searchParams.get('launch');
    expect(await openWs(port, `?launch=${code}`)).toBe(401);
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

  it('refuses a message over 1 MiB by closing the connection', async () => {
    const ws = await connected();
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.on('error', () => {});
    ws.send(JSON.stringify({ id: 8, method: 'getSettings', params: { pad: 'x'.repeat(1.1 * 1024 * 1024) } }));
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
