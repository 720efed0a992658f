// The composition in electron/main.ts, with electron, the engine and the settings store faked:
// startup order, single-instance lock, IPC + event wiring, and quit waiting for engine.close().
import { beforeEach, describe, expect, it, vi } from 'vitest';

const engine = vi.hoisted(() => ({
  listeners: [] as ((e: unknown) => void)[],
  create: vi.fn(),
  close: vi.fn(async () => {}),
}));

vi.mock('electron', () => import('./fake-electron'));
vi.mock('../../../core/csp', () => ({ CSP: "default-src 'self'" }));
vi.mock('../../../electron/settings-store', () => ({ createSettingsStore: vi.fn(() => ({ marker: 'settings' })) }));
vi.mock('../../../electron/secret-store', () => ({ createSecretStore: vi.fn(() => ({ marker: 'secrets' })) }));
vi.mock('../../../electron/pdf-renderer', () => ({
  ElectronPdfRenderer: class {
    marker = 'pdf';
  },
}));
vi.mock('../../../core/engine', () => ({
  Engine: {
    create: engine.create.mockImplementation(async () => ({
      listRunbooks: async () => ({ groups: [], invalid: [] }),
      // What the desktop notifier reads (electron/notify.ts): no run is active.
      listRuns: async () => [],
      getClock: async () => {
        throw new Error('no run');
      },
      on: (l: (e: unknown) => void) => (engine.listeners.push(l), () => {}),
      close: engine.close,
    })),
  },
}));

const flush = () => new Promise((r) => setTimeout(r, 0));

type Fake = typeof import('./fake-electron');

/** main.ts acts on import, so each test gets fresh modules, including a fresh fake electron. */
async function loadMain(before: (fake: Fake) => void = () => {}): Promise<Fake> {
  vi.resetModules();
  const fake = (await import('electron')) as unknown as Fake; // exactly what main.ts will get
  fake.resetFakes();
  before(fake);
  await import('../../../electron/main');
  await flush();
  return fake;
}

beforeEach(() => {
  vi.clearAllMocks();
  engine.listeners = [];
  process.env.DRILLBOOK_HOME = '/tmp/drillbook-home';
});

describe('electron main', () => {
  it('wires the engine, the window, IPC and events on ready', async () => {
    const { BrowserWindow, app, ipcMain, protocol } = await loadMain();
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalled();
    expect(app.enableSandbox).toHaveBeenCalled();
    expect(engine.create).toHaveBeenCalledWith({
      dataDir: '/tmp/drillbook-home',
      runbookDirs: ['/repo/runbooks'],
      settings: { marker: 'settings' },
      secrets: { marker: 'secrets' },
      pdfRenderer: { marker: 'pdf' },
    });
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    const [win] = BrowserWindow.all;
    expect(win?.loadedUrl).toBe('app://drillbook/index.html');
    expect(win?.options.webPreferences).toMatchObject({ preload: '/repo/dist/electron/preload.cjs', sandbox: true });

    const reply = await ipcMain.handlers.get('drillbook:invoke')!(
      { sender: win!.webContents, senderFrame: { url: 'app://drillbook/index.html', parent: null } },
      'listRunbooks',
      {},
    );
    expect(reply).toEqual({ id: 0, ok: true, result: { groups: [], invalid: [] } });

    engine.listeners.forEach((l) => l({ type: 'library.changed' }));
    expect(win!.webContents.sent).toEqual([['drillbook:event', { type: 'library.changed' }]]);
  });

  it('quit waits for the engine to close', async () => {
    const { app } = await loadMain();
    const event = { preventDefault: vi.fn() };
    app.emit('will-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(engine.close).toHaveBeenCalledTimes(1);
    app.emit('will-quit', { preventDefault: vi.fn() }); // a second quit request while closing
    await flush();
    expect(engine.close).toHaveBeenCalledTimes(1);
    expect(app.quit).toHaveBeenCalledTimes(1);
    const final = { preventDefault: vi.fn() };
    app.emit('will-quit', final);
    expect(final.preventDefault).not.toHaveBeenCalled();
  });

  it('a second instance quits at once and starts nothing', async () => {
    const { BrowserWindow, app } = await loadMain((fake) => fake.app.requestSingleInstanceLock.mockReturnValue(false));
    expect(app.quit).toHaveBeenCalled();
    expect(engine.create).not.toHaveBeenCalled();
    expect(BrowserWindow.all).toEqual([]);
  });
});
