// The main window. Every webPreferences flag is spelled out, even where it equals Electron's
// default, so a reviewer (and test/unit/electron/window.test.ts) sees the security posture here.
import { BrowserWindow, nativeTheme, type BrowserWindowConstructorOptions, type WebPreferences } from 'electron';
import { APP_ENTRY } from './origin';

export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true, // page and preload have separate JS worlds
    sandbox: true, // renderer is an OS-sandboxed process; preload gets no Node
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true, // same-origin policy stays on
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false, // a runbook .md dropped on the window must not replace the app
    spellcheck: false, // no dictionary downloads; commands and hostnames are not prose
    devTools: true, // the menu only offers them in development (menu.ts)
  };
}

export function windowOptions(preload: string, dark: boolean): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    title: 'Drillbook',
    show: false, // shown on ready-to-show: no white flash during an incident at 3 a.m.
    backgroundColor: dark ? '#16181d' : '#ffffff',
    webPreferences: secureWebPreferences(preload),
  };
}

/** Creates, tracks (in `windows`) and loads a main window. */
export function createMainWindow(preload: string, windows: Set<BrowserWindow>): BrowserWindow {
  const win = new BrowserWindow(windowOptions(preload, nativeTheme.shouldUseDarkColors));
  windows.add(win);
  win.on('closed', () => windows.delete(win));
  win.once('ready-to-show', () => win.show());
  win.loadURL(APP_ENTRY).catch((err: unknown) => {
    // Most often dist/renderer is missing: the protocol answers 404.
    console.error(`drillbook: could not load ${APP_ENTRY} (is the renderer built? npm run build):`, err);
  });
  return win;
}
