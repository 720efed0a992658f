import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BrowserWindow, nativeTheme, resetFakes } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));
const { createMainWindow, secureWebPreferences, windowOptions } = await import('../../../electron/window');

beforeEach(resetFakes);

describe('main window', () => {
  it('has every security flag set', () => {
    const p = secureWebPreferences('/app/dist/electron/preload.cjs');
    expect(p.preload).toBe('/app/dist/electron/preload.cjs');
    expect(p.contextIsolation).toBe(true);
    expect(p.sandbox).toBe(true);
    expect(p.nodeIntegration).toBe(false);
    expect(p.nodeIntegrationInWorker).toBe(false);
    expect(p.nodeIntegrationInSubFrames).toBe(false);
    expect(p.webSecurity).toBe(true);
    expect(p.allowRunningInsecureContent).toBe(false);
    expect(p.webviewTag).toBe(false);
    expect(p.spellcheck).toBe(false);
    expect(p.navigateOnDragDrop).toBe(false);
    expect(p).not.toHaveProperty('experimentalFeatures');
  });

  it('stays hidden until ready and matches the OS theme', () => {
    expect(windowOptions('p', false)).toMatchObject({ show: false, backgroundColor: '#ffffff' });
    expect(windowOptions('p', true).backgroundColor).not.toBe('#ffffff');
    expect(windowOptions('p', true).width).toBeGreaterThanOrEqual(1024);
  });

  it('loads the app origin, shows on ready-to-show, is tracked until closed', async () => {
    nativeTheme.shouldUseDarkColors = true;
    const windows = new Set<never>();
    const win = createMainWindow('/p.cjs', windows) as unknown as BrowserWindow;
    expect(win.loadedUrl).toBe('app://drillbook/index.html');
    expect(win.options.backgroundColor).not.toBe('#ffffff');
    expect(win.shown).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);
    expect(windows.has(win as never)).toBe(true);
    win.emit('closed');
    expect(windows.size).toBe(0);
  });
});
