import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Bridge } from '../../../core/api';
import { contextBridge, ipcRenderer, resetFakes } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

await import('../../../electron/preload');
const exposed = { ...contextBridge.exposed }; // captured before resetFakes() clears it
const bridge = exposed.drillbook as Bridge;
beforeEach(resetFakes);

describe('preload bridge', () => {
  it('exposes exactly invoke and onEvent as window.drillbook', () => {
    expect(Object.keys(exposed)).toEqual(['drillbook']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'onEvent']);
    expect(Object.values(bridge).every((v) => typeof v === 'function')).toBe(true);
  });

  it('invoke goes over the one invoke channel and always resolves to a Response', async () => {
    ipcRenderer.invoke.mockResolvedValueOnce({ id: 0, ok: true, result: [] });
    expect(await bridge.invoke('listRuns', {})).toEqual({ id: 0, ok: true, result: [] });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith('drillbook:invoke', 'listRuns', {});
    ipcRenderer.invoke.mockRejectedValueOnce(new Error("No handler registered for 'drillbook:invoke'"));
    expect(await bridge.invoke('listRuns', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('onEvent passes only the engine event, and unsubscribe removes the listener', () => {
    const seen: unknown[] = [];
    const off = bridge.onEvent((e) => seen.push(e));
    expect(ipcRenderer.listenerCount('drillbook:event')).toBe(1);
    ipcRenderer.emit('drillbook:event', { sender: ipcRenderer }, { type: 'library.changed' });
    expect(seen).toEqual([{ type: 'library.changed' }]);
    off();
    expect(ipcRenderer.listenerCount('drillbook:event')).toBe(0);
    ipcRenderer.emit('drillbook:event', {}, { type: 'library.changed' });
    expect(seen).toHaveLength(1);
  });
});
