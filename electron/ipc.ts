// The main-process side of the bridge: one invoke channel into core/api.ts `dispatch`, one
// event channel out. Messages from anything but our own windows' top frames are refused
// (Electron Fiddle does the same), and the reply is always a Response: raw errors never cross.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { ApiError, dispatch, type Api, type EngineEvent, type Response } from '../core/api';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels';
import { isAppUrl } from './origin';

/** Top frame, on our origin, in a window we created (ownsContents decides the last part). */
export function isTrustedSender(event: IpcMainInvokeEvent, ownsContents: (wc: WebContents) => boolean): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false; // gone, or an iframe
  return isAppUrl(frame.url) && ownsContents(event.sender);
}

const failure = (code: string, message: string): Response => ({ id: 0, ok: false, error: { code, message } });

export function toErrorResponse(err: unknown): Response {
  if (err instanceof ApiError) return failure(err.code, err.message);
  console.error('drillbook: command failed:', err); // full stack stays in the main process log
  return failure('internal', err instanceof Error ? err.message : String(err));
}

/** Registers the invoke handler; returns a function that removes it. */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  api: Api,
  isTrusted: (event: IpcMainInvokeEvent) => boolean,
): () => void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, method: unknown, params: unknown): Promise<Response> => {
    if (!isTrusted(event)) {
      console.warn(`drillbook: refused IPC from untrusted sender ${event.senderFrame?.url ?? '(no frame)'}`);
      return failure('forbidden', 'sender is not a Drillbook window');
    }
    if (typeof method !== 'string') return failure('bad_request', 'method must be a string');
    try {
      return { id: 0, ok: true, result: await dispatch(api, method, params) };
    } catch (err) {
      return toErrorResponse(err);
    }
  });
  return () => ipcMain.removeHandler(INVOKE_CHANNEL);
}

/** Pushes engine events to every target still showing our app; returns the unsubscribe. */
export function forwardEvents(
  engine: { on(listener: (e: EngineEvent) => void): () => void },
  targets: () => Iterable<WebContents>,
): () => void {
  return engine.on((event) => {
    for (const wc of targets()) if (!wc.isDestroyed() && isAppUrl(wc.getURL())) wc.send(EVENT_CHANNEL, event);
  });
}
