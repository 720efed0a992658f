// Runs in the sandboxed renderer before the page (bundled to dist/electron/preload.cjs: sandboxed
// preloads must be CommonJS). Exposes exactly the Bridge of core/api.ts as `window.drillbook`:
// never ipcRenderer itself, never a channel name chosen by the page.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Bridge, EngineEvent, Response } from '../core/api';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels';

export const bridge: Bridge = {
  invoke(method, params) {
    // The main side answers every call with a Response; this catch keeps that promise true
    // even if the handler is missing (e.g. startup failed).
    return (ipcRenderer.invoke(INVOKE_CHANNEL, method, params) as Promise<Response>).catch((err: unknown): Response => ({
      id: 0,
      ok: false,
      error: { code: 'internal', message: err instanceof Error ? err.message : String(err) },
    }));
  },
  onEvent(listener) {
    // The IpcRendererEvent is dropped: its `sender` is ipcRenderer, which the page must not get.
    const relay = (_event: IpcRendererEvent, engineEvent: EngineEvent) => listener(engineEvent);
    ipcRenderer.on(EVENT_CHANNEL, relay);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, relay);
    };
  },
};

/** The renderer types `window.drillbook` from this (bridge-types.d.ts), Bitwarden-style. */
export type DrillbookBridge = typeof bridge;

contextBridge.exposeInMainWorld('drillbook', bridge);
