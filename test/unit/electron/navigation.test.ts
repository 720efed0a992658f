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

  it('lets a subframe show srcdoc (the report preview), nothing else, and never the top frame', () => {
    const sub = { ...navEvent('about:srcdoc'), isMainFrame: false };
    wc.emit('will-frame-navigate', sub);
    expect(sub.preventDefault).not.toHaveBeenCalled();
    for (const e of [
      { ...navEvent('about:srcdoc'), isMainFrame: true },
      { ...navEvent('about:blank'), isMainFrame: false },
      { ...navEvent('https://evil.example/'), isMainFrame: false },
    ]) {
      wc.emit('will-frame-navigate', e);
      expect(e.preventDefault, `${e.url} main=${e.isMainFrame}`).toHaveBeenCalled();
    }
    const top = navEvent('about:srcdoc');
    wc.emit('will-navigate', top);
    expect(top.preventDefault).toHaveBeenCalled();
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
