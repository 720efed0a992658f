// @vitest-environment jsdom
// Browser mode's token: taken from the fragment (or traded for a launch code), the fragment
// removed at once, kept in this origin's localStorage, never in a cookie.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fragmentSecret, obtainToken, TOKEN_KEY, tokenStillValid } from '../../../renderer/api/credential';

beforeEach(() => {
  localStorage.clear();
  history.replaceState(null, '', '/');
});

const win = (fetch: typeof window.fetch) => ({ location, history, localStorage, fetch });
const reply = (status: number, body?: unknown) =>
  vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), { status }));

describe('fragmentSecret', () => {
  it('reads #token= and #launch=, and leaves routes alone', () => {
    expect(fragmentSecret('#token=abc')).toEqual({ token: 'abc' });
    expect(fragmentSecret('#launch=xyz')).toEqual({ launch: 'xyz' });
    expect(fragmentSecret('#/run/token=abc')).toBeUndefined();
    expect(fragmentSecret('#token=')).toBeUndefined();
    expect(fragmentSecret('')).toBeUndefined();
  });
});

describe('obtainToken', () => {
  it('takes #token=, stores it, and removes the fragment from the URL', async () => {
    history.replaceState(null, '', '/#token=SECRET');
    const fetch = reply(500);
    expect(await obtainToken(win(fetch))).toBe('SECRET');
    expect(location.href).not.toContain('SECRET');
    expect(location.hash).toBe('');
    expect(localStorage.getItem(TOKEN_KEY)).toBe('SECRET');
    expect(document.cookie).toBe('');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('trades #launch= for the token by a same-origin POST, fragment gone before the answer', async () => {
    history.replaceState(null, '', '/#launch=CODE');
    let hashDuringFetch = 'unset';
    const fetch = vi.fn(async (_url: unknown, _init?: RequestInit) => {
      hashDuringFetch = location.hash;
      return new Response(JSON.stringify({ token: 'TOKEN' }), { status: 200 });
    });
    expect(await obtainToken(win(fetch as unknown as typeof window.fetch))).toBe('TOKEN');
    expect(hashDuringFetch).toBe('');
    expect(fetch).toHaveBeenCalledWith('/api/launch', expect.objectContaining({ method: 'POST', body: '{"code":"CODE"}' }));
    expect(localStorage.getItem(TOKEN_KEY)).toBe('TOKEN');
  });

  it('falls back to the stored token on a reload or a spent code, and has none in a fresh browser', async () => {
    expect(await obtainToken(win(reply(401)))).toBeUndefined();
    localStorage.setItem(TOKEN_KEY, 'KEPT');
    expect(await obtainToken(win(reply(401)))).toBe('KEPT');
    history.replaceState(null, '', '/#launch=SPENT');
    expect(await obtainToken(win(reply(401)))).toBe('KEPT');
    expect(location.hash).toBe('');
  });
});

describe('tokenStillValid', () => {
  it('maps 204 / 401 / anything else to true / false / unknown, sending the token as a Bearer header', async () => {
    const ok = reply(204);
    expect(await tokenStillValid('T', win(ok))).toBe(true);
    expect(ok).toHaveBeenCalledWith('/api/session', expect.objectContaining({ headers: { Authorization: 'Bearer T' } }));
    expect(await tokenStillValid('T', win(reply(401)))).toBe(false);
    expect(await tokenStillValid('T', win(reply(502)))).toBeUndefined();
    expect(await tokenStillValid('T', win(vi.fn(async () => Promise.reject(new TypeError('down')))))).toBeUndefined();
  });
});
