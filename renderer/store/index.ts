// One store from four slices, plus the wiring that keeps it in step with the host: pushed
// events, the connection state, and a full refresh after a reconnect (events may have been
// missed while the socket was down).
import { createContext, useContext } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { Connection } from '../api';
import { createEditorSlice } from '../features/editor/editor.slice';
import { createImportSlice } from '../features/library/import/import.slice';
import { createCompareSlice } from '../features/runbook/compare/compare.slice';
import { createPrintSlice } from '../features/runbook/print/print.slice';
import { createRegisterSlice } from '../features/register/register.slice';
import { createExecSlice } from './exec.slice';
import { createLibrarySlice } from './library.slice';
import { createReportSlice } from './report.slice';
import { createRunSlice } from './run.slice';
import { createS3Slice } from './s3.slice';
import { createSettingsSlice } from './settings.slice';
import type { AppState } from './types';
import { createUiSlice } from './ui.slice';

export type AppStore = StoreApi<AppState>;

export function createAppStore(conn: Connection): AppStore {
  const store = createStore<AppState>()((set, get) => ({
    ...createUiSlice(set, get, conn.api),
    ...createSettingsSlice(set, get, conn.api),
    ...createLibrarySlice(set, get, conn.api),
    ...createRunSlice(set, get, conn.api),
    ...createS3Slice(set, get, conn.api),
    ...createReportSlice(set, get, conn.api),
    ...createExecSlice(set, get, conn.api),
    ...createEditorSlice(set, get, conn.api),
    ...createImportSlice(set, get, conn.api),
    ...createCompareSlice(set, get, conn.api),
    ...createPrintSlice(set, get, conn.api),
    ...createRegisterSlice(set, get, conn.api),
  }));
  store.setState({ connection: conn.status() });
  conn.api.onWaiting?.((waitingSince) => store.setState({ waitingSince }));
  conn.api.onEvent((e) => {
    store.getState().handleEvent(e);
    store.getState().handleExecEvent(e);
  });
  // Questions asked before this window connected (or while it was reconnecting) still need an answer.
  void store.getState().loadPrompts();
  conn.onStatus((s) => {
    const before = store.getState().connection;
    store.getState().setConnection(s);
    if (s === 'open' && before === 'reconnecting') {
      void store.getState().loadSettings();
      void store.getState().loadPrompts();
      loadRoute(store);
    }
  });
  return store;
}

/** Loads whatever the current screen shows (on navigation, and after a reconnect). */
export function loadRoute(store: AppStore): void {
  const s = store.getState();
  const r = s.route;
  if (r.name === 'library') void Promise.all([s.loadLibrary(), s.loadRuns(), s.loadSyncStatus(), s.loadArchive()]);
  if (r.name === 'settings') void s.loadS3Credentials();
  if (r.name === 'runbook') void s.loadRunbook(r.id, r.version);
  // The editor and the import screen name the versions that exist.
  if (r.name === 'edit' || r.name === 'import') void s.loadLibrary();
  if (r.name === 'run') void s.openRun(r.runId);
  if (r.name === 'report') void s.openReport(r.runId);
  if (r.name === 'settings') void s.loadKeys();
  if (r.name === 'register') void s.loadRegister();
  if (r.name === 'controls') void s.loadControls();
  // The register carries the team sync state the history shows.
  if (r.name === 'history') void Promise.all([s.loadHistory(r.runbookId), s.loadRegister()]);
}

export const StoreContext = createContext<AppStore | null>(null);

export function useApp<T>(selector: (s: AppState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useApp outside <StoreContext.Provider>');
  return useStore(store, selector);
}

export type { AppState };
