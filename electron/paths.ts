// Where things live for the desktop app. app.getAppPath() is the repo root in development
// (`electron-forge start`) and resources/app.asar when packaged, so paths are resolved from it
// rather than from this bundle's own location.
import path from 'node:path';
import { app } from 'electron';

/** DRILLBOOK_HOME wins (tests and e2e give each run its own), else the platform's app-data dir. */
export function dataDir(): string {
  const home = process.env.DRILLBOOK_HOME;
  return home ? path.resolve(home) : app.getPath('userData');
}

/** Bundled runbooks: forge `extraResource` puts them beside app.asar (readable by other tools). */
export function runbookDirs(): string[] {
  return [app.isPackaged ? path.join(process.resourcesPath, 'runbooks') : path.join(app.getAppPath(), 'runbooks')];
}

export const rendererDir = (): string => path.join(app.getAppPath(), 'dist', 'renderer');
export const preloadPath = (): string => path.join(app.getAppPath(), 'dist', 'electron', 'preload.cjs');
