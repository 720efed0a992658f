// Electron main process entry (bundled to dist/electron/main.mjs). Composition only: the engine
// is core/, each concern lives in its own file here and is unit-tested with a mocked electron.
import { BrowserWindow, app, dialog, ipcMain, protocol, session, shell, type WebContents } from 'electron';
import { CSP } from '../core/csp';
import { Engine } from '../core/engine';
import { appRequestHandler, registerAppScheme } from './app-protocol';
import { applyCspHeaders } from './csp';
import { forwardEvents, isTrustedSender, registerIpc } from './ipc';
import { installMenu } from './menu';
import { guardWebContents, restrictPermissions } from './navigation';
import { dataDir, preloadPath, rendererDir, runbookDirs } from './paths';
import { watchRunClocks, showRun } from './notify';
import { LINK_SCHEME, linkIn, openLink } from './open-link';
import { ElectronPdfRenderer } from './pdf-renderer';
import { createSecretStore } from './secret-store';
import { createSettingsStore } from './settings-store';
import { APP_ENTRY, APP_SCHEME } from './origin';
import { createMainWindow } from './window';

const windows = new Set<BrowserWindow>();
let engine: Engine | undefined;
let engineClosed = false;
let closing: Promise<void> | undefined;

const owns = (wc: WebContents): boolean => {
  const win = BrowserWindow.fromWebContents(wc);
  return win !== null && windows.has(win);
};
const openWindow = () => createMainWindow(preloadPath(), windows);

/** A drillbook:// link: the start form pre-filled in a window (never a run started). */
function handleLink(link: string, target?: BrowserWindow): void {
  if (!engine) return;
  const show = (route: string) => {
    const win = target ?? [...windows][0] ?? openWindow();
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
    void win.loadURL(`${APP_ENTRY}#${route}`);
  };
  void openLink(engine, link, show, (message) => dialog.showErrorBox('Drillbook cannot open this link', message));
}

async function start(): Promise<void> {
  await app.whenReady();
  restrictPermissions(session.defaultSession);
  applyCspHeaders(session.defaultSession, CSP);
  protocol.handle(APP_SCHEME, appRequestHandler(rendererDir(), CSP));
  installMenu(!app.isPackaged);
  const home = dataDir();
  // After ready: safeStorage needs it. Entered S3 keys live there, encrypted, never in settings.
  engine = await Engine.create({
    dataDir: home,
    runbookDirs: runbookDirs(),
    settings: createSettingsStore(home),
    secrets: createSecretStore(home),
    pdfRenderer: new ElectronPdfRenderer(),
  });
  registerIpc(ipcMain, engine, (event) => isTrustedSender(event, owns));
  forwardEvents(engine, () => [...windows].map((w) => w.webContents));
  watchRunClocks(engine, { openRun: (runId) => showRun(windows, openWindow, runId) });
  const win = openWindow();
  if (app.isPackaged) app.setAsDefaultProtocolClient(LINK_SCHEME);
  const first = linkIn(process.argv);
  if (first) handleLink(first, win);
  app.on('activate', () => {
    if (windows.size === 0) openWindow(); // macOS: dock click with no window open
  });
}

// Before 'ready': scheme privileges and the sandbox-everywhere switch cannot be set later.
registerAppScheme();
app.enableSandbox();

// A second instance would open a second engine on the same journals: focus the first instead.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv: string[]) => {
    const link = linkIn(argv);
    if (link) return handleLink(link);
    const win = [...windows][0];
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    handleLink(url); // macOS; before ready, `engine` is unset and the link is dropped
  });
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, (url) => shell.openExternal(url)));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Quit waits for the engine to close (journals flushed, connections ended), then quits for real.
  app.on('will-quit', (event) => {
    if (!engine || engineClosed) return;
    event.preventDefault();
    closing ??= engine
      .close()
      .catch((err: unknown) => console.error('drillbook: engine close failed:', err))
      .finally(() => {
        engineClosed = true;
        app.quit();
      });
  });
  start().catch((err: unknown) => {
    dialog.showErrorBox('Drillbook could not start', err instanceof Error ? err.message : String(err));
    app.exit(1);
  });
}
