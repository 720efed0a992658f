// A small stand-in for the `electron` module (no Electron binary can run here), in the spirit
// of Electron Fiddle's tests: just enough behaviour for the wiring in electron/ to be observed.
// Use with `vi.mock('electron', () => import('./fake-electron'))`; call resetFakes() per test.
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export class FakeWebContents extends EventEmitter {
  url = 'app://drillbook/index.html';
  destroyed = false;
  sent: [string, unknown][] = [];
  windowOpenHandler?: (details: { url: string }) => { action: string };
  getURL = () => this.url;
  isDestroyed = () => this.destroyed;
  send = (channel: string, payload: unknown) => void this.sent.push([channel, payload]);
  setWindowOpenHandler = (h: (details: { url: string }) => { action: string }) => void (this.windowOpenHandler = h);
  printToPDF = vi.fn(async (_options: Record<string, unknown>) => Buffer.from('%PDF-1.7 fake'));
}

export class BrowserWindow extends EventEmitter {
  static all: BrowserWindow[] = [];
  static fromWebContents = (wc: unknown) => BrowserWindow.all.find((w) => w.webContents === wc) ?? null;
  static getAllWindows = () => [...BrowserWindow.all];
  webContents = new FakeWebContents();
  loadedUrl?: string;
  shown = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.all.push(this);
  }
  loadURL = async (url: string) => void (this.loadedUrl = url);
  destroyed = false;
  destroy = vi.fn(() => void (this.destroyed = true));
  isDestroyed = () => this.destroyed;
  show = () => void (this.shown = true);
  focus = vi.fn();
  restore = vi.fn();
  isMinimized = () => false;
}

export class FakeSession {
  headersListener?: (d: { url: string; responseHeaders?: Record<string, string[]> }, cb: (r: object) => void) => void;
  requestHandler?: (wc: unknown, permission: string, cb: (ok: boolean) => void, details: { requestingUrl: string }) => void;
  checkHandler?: (wc: unknown, permission: string, origin: string) => boolean;
  beforeRequestListener?: (d: { url: string }, cb: (r: { cancel?: boolean }) => void) => void;
  webRequest = {
    onHeadersReceived: (l: FakeSession['headersListener']) => void (this.headersListener = l),
    onBeforeRequest: (l: FakeSession['beforeRequestListener']) => void (this.beforeRequestListener = l),
  };
  setPermissionRequestHandler = (h: FakeSession['requestHandler']) => void (this.requestHandler = h);
  setPermissionCheckHandler = (h: FakeSession['checkHandler']) => void (this.checkHandler = h);
}

// `any` mirrors IpcMain.handle's own listener signature, so the fake is assignable to it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above: a narrower type is not assignable to IpcMain.handle
type Handler = (event: any, ...args: any[]) => unknown;
export const ipcMain = {
  handlers: new Map<string, Handler>(),
  handle: (channel: string, h: Handler) => void ipcMain.handlers.set(channel, h),
  removeHandler: (channel: string) => void ipcMain.handlers.delete(channel),
  on: vi.fn(),
};

export const ipcRenderer = Object.assign(new EventEmitter(), { invoke: vi.fn() });
export const contextBridge = {
  exposed: {} as Record<string, unknown>,
  exposeInMainWorld: (key: string, api: unknown) => void (contextBridge.exposed[key] = api),
};

export const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  whenReady: vi.fn(async () => {}),
  requestSingleInstanceLock: vi.fn(() => true),
  quit: vi.fn(),
  exit: vi.fn(),
  enableSandbox: vi.fn(),
  getAppPath: () => '/repo',
  getPath: (name: string) => `/home/u/.config/Drillbook#${name}`,
});

export const session = {
  defaultSession: new FakeSession(),
  partitions: new Map<string, FakeSession>(),
  fromPartition: (name: string) => session.partitions.get(name) ?? session.partitions.set(name, new FakeSession()).get(name)!,
};
export const shell = { openExternal: vi.fn(async (_url: string) => {}) };
export const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };
export const nativeTheme = { shouldUseDarkColors: false };
export const Menu = { buildFromTemplate: vi.fn((t: unknown) => t), setApplicationMenu: vi.fn() };
export const dialog = { showErrorBox: vi.fn() };
/** Every Notification made, with whether it was shown; `supported` is what isSupported() says. */
export class Notification extends EventEmitter {
  static made: Notification[] = [];
  static supported = true;
  static isSupported = () => Notification.supported;
  shown = false;
  constructor(readonly options: { title: string; body: string }) {
    super();
    Notification.made.push(this);
  }
  show = () => void (this.shown = true);
}

// Reversible but not readable: a marker plus XORed bytes, so a test can tell "encrypted" from
// plain text and a file from another "keychain" (another marker) fails to decrypt.
export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret' as 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown',
  marker: 'FAKE1',
  isEncryptionAvailable: () => safeStorage.available,
  getSelectedStorageBackend: () => safeStorage.backend,
  encryptString: (plain: string) => {
    if (!safeStorage.available) throw new Error('Encryption is not available.');
    return Buffer.concat([Buffer.from(safeStorage.marker), Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)]);
  },
  decryptString: (enc: Buffer) => {
    const m = Buffer.from(safeStorage.marker);
    if (!enc.subarray(0, m.length).equals(m))
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(enc.subarray(m.length).map((b) => b ^ 0x5a)).toString('utf8');
  },
};

export function resetFakes(): void {
  vi.clearAllMocks();
  BrowserWindow.all = [];
  Notification.made = [];
  Notification.supported = true;
  ipcMain.handlers.clear();
  ipcRenderer.removeAllListeners();
  contextBridge.exposed = {};
  app.removeAllListeners();
  app.isPackaged = false;
  app.requestSingleInstanceLock.mockReturnValue(true);
  session.defaultSession = new FakeSession();
  session.partitions.clear();
  nativeTheme.shouldUseDarkColors = false;
  Object.assign(safeStorage, { available: true, backend: 'gnome_libsecret', marker: 'FAKE1' });
}
