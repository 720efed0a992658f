// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectWebSocket, wsUrl } from '../../../renderer/api/ws.bridge';

// A scriptable stand-in for the browser WebSocket: the test decides when it opens, answers, drops.
class FakeWs {
  static CONNECTING = 0;
  static OPEN = 1;
  static all: FakeWs[] = [];
  readyState = FakeWs.CONNECTING;
  sent: { id: number; method: string; params: unknown }[] = [];
  onopen?: () => void;
  onmessage?: (m: { data: string }) => void;
  onclose?: () => void;
  constructor(
    readonly url: string,
    readonly protocols?: string[],
  ) {
    FakeWs.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.drop();
  }
  open() {
    this.readyState = FakeWs.OPEN;
    this.onopen?.();
  }
  reply(msg: unknown) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
  drop() {
    this.readyState = 3;
    this.onclose?.();
  }
}
const latest = () => FakeWs.all[FakeWs.all.length - 1]!;
const make = () => connectWebSocket('ws://h/ws', FakeWs as unknown as typeof WebSocket);

beforeEach(() => {
  FakeWs.all = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('WebSocket bridge', () => {
  it('builds the URL from the page location', () => {
    expect(wsUrl({ protocol: 'http:', host: '127.0.0.1:4000' })).toBe('ws://127.0.0.1:4000/ws');
    expect(wsUrl({ protocol: 'https:', host: 'x' })).toBe('wss://x/ws');
  });

  it('offers the token as a subprotocol beside drillbook.v1, never in the URL', () => {
    connectWebSocket('ws://h/ws', FakeWs as unknown as typeof WebSocket, { token: 'T0k', stillValid: async () => true });
    expect(latest().url).toBe('ws://h/ws');
    expect(latest().protocols).toEqual(['drillbook.v1', 'drillbook.token.T0k']);
  });

  it('says unauthorised (and stops retrying) when a refused first connect is a refused token', async () => {
    const stillValid = vi.fn(async () => false);
    const b = connectWebSocket('ws://h/ws', FakeWs as unknown as typeof WebSocket, { token: 'old', stillValid });
    const statuses: string[] = [];
    b.onStatus((s) => statuses.push(s));
    latest().drop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(stillValid).toHaveBeenCalledTimes(1);
    expect(statuses).toEqual(['unauthorised']);
    expect(FakeWs.all).toHaveLength(1);
  });

  it('keeps retrying when the server is only unreachable, and never asks after a socket that was open', async () => {
    const stillValid = vi.fn(async () => undefined);
    const b = connectWebSocket('ws://h/ws', FakeWs as unknown as typeof WebSocket, { token: 't', stillValid });
    latest().drop();
    await vi.advanceTimersByTimeAsync(300);
    expect(FakeWs.all).toHaveLength(2);
    expect(b.status()).toBe('connecting');
    latest().open();
    latest().drop();
    expect(stillValid).toHaveBeenCalledTimes(1);
    expect(b.status()).toBe('reconnecting');
  });

  it('waits for the first open, then matches replies to requests by id', async () => {
    const b = make();
    const p1 = b.invoke('getRun', { runId: 'a' });
    const p2 = b.invoke('listRuns', {});
    latest().open();
    await vi.advanceTimersByTimeAsync(0);
    const [r1, r2] = latest().sent;
    expect(r1!.method).toBe('getRun');
    expect(r1!.id).not.toBe(r2!.id);
    latest().reply({ kind: 'response', id: r2!.id, ok: true, result: [] });
    latest().reply({ kind: 'response', id: r1!.id, ok: false, error: { code: 'not_found', message: 'no' } });
    await expect(p2).resolves.toEqual({ id: r2!.id, ok: true, result: [] });
    await expect(p1).resolves.toMatchObject({ ok: false, error: { message: 'no' } });
  });

  it('refuses a request larger than the server takes before sending it, saying its size, and stays connected', async () => {
    const b = make();
    latest().open();
    // Control characters are escaped as \u0000 (6 bytes each): 4.5 M of them pass no server.
    const huge = b.invoke('previewImport', { fileName: 'x.html', content: '\u0001'.repeat(4.5 * 1024 * 1024) });
    await expect(huge).rejects.toThrow(
      /^previewImport: this request is 27\.0 MB, more than the 24 MB one request may carry; nothing was sent$/,
    );
    // An import at the contract's own limit, escapes and all, still goes out.
    const fits = b.invoke('previewImport', { fileName: 'x.html', content: '"\n'.repeat(2 * 1024 * 1024) });
    expect(latest().sent.map((m) => m.method)).toEqual(['previewImport']);
    latest().reply({ kind: 'response', id: latest().sent[0]!.id, ok: true, result: null });
    await expect(fits).resolves.toMatchObject({ ok: true });
    expect(b.status()).toBe('open');
  });

  it('delivers pushed events', () => {
    const b = make();
    const seen = vi.fn();
    b.onEvent(seen);
    latest().open();
    latest().reply({ kind: 'event', event: { type: 'library.changed' } });
    expect(seen).toHaveBeenCalledWith({ type: 'library.changed' });
  });

  it('rejects pending requests on a drop, reports reconnecting, and reconnects with backoff', async () => {
    const b = make();
    const statuses: string[] = [];
    b.onStatus((s) => statuses.push(s));
    latest().open();
    const pending = b.invoke('completeStep', {});
    latest().drop();
    await expect(pending).rejects.toThrow(/connection lost/i);
    expect(b.status()).toBe('reconnecting');
    await expect(b.invoke('getRun', {})).rejects.toThrow(/not connected/i);
    expect(FakeWs.all).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(300);
    expect(FakeWs.all).toHaveLength(2);
    latest().drop(); // still down: the next try waits longer
    await vi.advanceTimersByTimeAsync(300);
    expect(FakeWs.all).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(300);
    expect(FakeWs.all).toHaveLength(3);
    latest().open();
    expect(statuses).toEqual(['open', 'reconnecting', 'open']);
  });
});
