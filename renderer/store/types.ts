// The store is one zustand store built from slices; each slice gets the typed client so it can
// be tested with a fake one (no module-level singletons).
import type { StoreApi } from 'zustand/vanilla';
import type { ApiClient } from '../api/client';
import type { EditorSlice } from '../features/editor/editor.slice';
import type { ImportSlice } from '../features/library/import/import.slice';
import type { CompareSlice } from '../features/runbook/compare/compare.slice';
import type { PrintSlice } from '../features/runbook/print/print.slice';
import type { ExecSlice } from './exec.slice';
import type { LibrarySlice } from './library.slice';
import type { RegisterSlice } from '../features/register/register.slice';
import type { ReportSlice } from './report.slice';
import type { RunSlice } from './run.slice';
import type { S3Slice } from './s3.slice';
import type { SettingsSlice } from './settings.slice';
import type { UiSlice } from './ui.slice';

export type AppState = LibrarySlice &
  RunSlice &
  SettingsSlice &
  UiSlice &
  S3Slice &
  ReportSlice &
  ExecSlice &
  EditorSlice &
  ImportSlice &
  CompareSlice &
  PrintSlice &
  RegisterSlice;

export type SliceCreator<T> = (set: StoreApi<AppState>['setState'], get: StoreApi<AppState>['getState'], api: ApiClient) => T;

/** Runs an action, turning a thrown error into the visible error banner instead of a silent failure. */
export async function guarded<T>(get: () => AppState, what: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    get().showError(`${what}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}
