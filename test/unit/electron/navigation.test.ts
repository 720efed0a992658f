import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSession, FakeWebContents, resetFakes } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));
const { guardWebContents, restrictPermissions } = await import('../../../electron/navigation');

function navEvent(url: string) {
  return { url, preventDefault: vi.fn() };
}

let wc: FakeWebContents;
const openExternal = vi.fn(async (_url: string) => {});
beforeEach(() => {
  resetFakes();
  openExternal.mockClear();
  wc = new FakeWebContents();
  guardWebContents(wc as never, openExternal);
});

describe('navigation guards', () => {
  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('%s: other origins prevented, ours allowed', (name) => {
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://other/index.html']) {
      const e = navEvent(url);
      wc.emit(name, e);
      expect(e.preventDefault, url).toHaveBeenCalled();
    }
    const home = navEvent('app://drillbook/index.html#/runs');
    wc.emit(name, home);
    expect(home.preventDefault).not.toHaveBeenCalled();
  });

  it('denies window.open; only https goes to the OS browser', () => {
    for (const url of ['https://example.com/docs', 'http://example.com/', 'file:///bin/sh', 'smb://host/share', 'app://drillbook/'])
      expect(wc.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://example.com/docs']]);
  });

  it('blocks <webview> attachment', () => {
    const e = { preventDefault: vi.fn() };
    wc.emit('will-attach-webview', e, {}, {});
    expect(e.preventDefault).toHaveBeenCalled();
  });
});

describe('permissions', () => {
  it('denies everything except clipboard writes from our own pages', () => {
    const s = new FakeSession();
    restrictPermissions(s as never);
    const ask = (permission: string, requestingUrl: string) => {
      let granted: boolean | undefined;
      s.requestHandler!({}, permission, (ok) => (granted = ok), { requestingUrl });
      return granted;
    };
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fileSystem'])
      expect(ask(p, 'app://drillbook/index.html'), p).toBe(false);
    expect(ask('clipboard-sanitized-write', 'app://drillbook/index.html')).toBe(true);
    expect(ask('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(s.checkHandler!({}, 'media', 'app://drillbook')).toBe(false);
    expect(s.checkHandler!({}, 'clipboard-sanitized-write', 'app://drillbook')).toBe(true);
  });
});
