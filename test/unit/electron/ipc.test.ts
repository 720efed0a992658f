import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, type Api } from '../../../core/api';
import { BrowserWindow, FakeWebContents, ipcMain, resetFakes } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));
const { forwardEvents, isTrustedSender, registerIpc } = await import('../../../electron/ipc');

const library = { groups: [], invalid: [] };
function fakeApi() {
  return { listRunbooks: vi.fn(async () => library), getRun: vi.fn() } as unknown as Api & {
    listRunbooks: ReturnType<typeof vi.fn>;
    getRun: ReturnType<typeof vi.fn>;
  };
}

// An IPC event as Electron builds it: the sender's WebContents and the frame that sent it.
function eventFrom(sender: unknown, url: string, parent: unknown = null) {
  return { sender, senderFrame: { url, parent } } as never;
}

let ours: BrowserWindow;
let windows: Set<BrowserWindow>;
const owns = (wc: unknown) => {
  const w = BrowserWindow.fromWebContents(wc);
  return w !== null && windows.has(w);
};
const invoke = (event: unknown, method: unknown, params?: unknown) => ipcMain.handlers.get('drillbook:invoke')!(event, method, params);

beforeEach(() => {
  resetFakes();
  ours = new BrowserWindow({});
  windows = new Set([ours]);
});

describe('isTrustedSender', () => {
  it('trusts only the top frame of our window on our origin', () => {
    const stranger = new BrowserWindow({}); // e.g. a window some library opened
    expect(isTrustedSender(eventFrom(ours.webContents, 'app://drillbook/index.html'), owns as never)).toBe(true);
    expect(isTrustedSender(eventFrom(stranger.webContents, 'app://drillbook/index.html'), owns as never)).toBe(false);
    expect(isTrustedSender(eventFrom(ours.webContents, 'https://evil.example/'), owns as never)).toBe(false);
    expect(isTrustedSender(eventFrom(ours.webContents, 'app://drillbook/x', { url: 'app://drillbook/' }), owns as never)).toBe(false);
    expect(isTrustedSender({ sender: ours.webContents, senderFrame: null } as never, owns as never)).toBe(false);
  });
});

describe('drillbook:invoke', () => {
  it('refuses a foreign sender without dispatching', async () => {
    const api = fakeApi();
    registerIpc(ipcMain, api, (e) => isTrustedSender(e, owns as never));
    const res = await invoke(eventFrom(ours.webContents, 'https://evil.example/'), 'listRunbooks', {});
    expect(res).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(api.listRunbooks).not.toHaveBeenCalled();
  });

  it('dispatches from our window and returns a Response', async () => {
    const api = fakeApi();
    registerIpc(ipcMain, api, (e) => isTrustedSender(e, owns as never));
    const res = await invoke(eventFrom(ours.webContents, 'app://drillbook/index.html'), 'listRunbooks', {});
    expect(res).toEqual({ id: 0, ok: true, result: library });
    expect(api.listRunbooks).toHaveBeenCalledWith({});
  });

  it('answers bad input and engine errors with ok:false, never a throw', async () => {
    const api = fakeApi();
    const unregister = registerIpc(ipcMain, api, () => true);
    const ev = eventFrom(ours.webContents, 'app://drillbook/');
    expect(await invoke(ev, 'getRun', { runId: 42 })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await invoke(ev, 'rm -rf', {})).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await invoke(ev, { toString: () => 'listRunbooks' }, {})).toMatchObject({ error: { code: 'bad_request' } });
    expect(api.getRun).not.toHaveBeenCalled();
    api.getRun.mockRejectedValueOnce(new ApiError('not_found', 'no run r1'));
    expect(await invoke(ev, 'getRun', { runId: 'r1' })).toEqual({ id: 0, ok: false, error: { code: 'not_found', message: 'no run r1' } });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    api.getRun.mockRejectedValueOnce(new Error('disk on fire'));
    expect(await invoke(ev, 'getRun', { runId: 'r1' })).toMatchObject({ ok: false, error: { code: 'internal' } });
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });
});

describe('forwardEvents', () => {
  it('sends engine events to live windows on our origin only', () => {
    let emit: (e: never) => void = () => {};
    const unsubscribe = vi.fn();
    const engine = { on: (l: (e: never) => void) => ((emit = l), unsubscribe) };
    const gone = new FakeWebContents();
    gone.destroyed = true;
    const elsewhere = new FakeWebContents();
    elsewhere.url = 'https://evil.example/';
    const live = ours.webContents;
    expect(forwardEvents(engine as never, () => [live, gone, elsewhere] as never)).toBe(unsubscribe);
    emit({ type: 'library.changed' } as never);
    expect(live.sent).toEqual([['drillbook:event', { type: 'library.changed' }]]);
    expect(gone.sent).toEqual([]);
    expect(elsewhere.sent).toEqual([]);
  });
});
