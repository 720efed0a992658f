// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import type { Bridge, EngineEvent, Response } from '../../../core/api';
import { createApiClient, ServerError } from '../../../renderer/api/client';

function fakeBridge(reply: (method: string, params: unknown) => Response) {
  const listeners = new Set<(e: EngineEvent) => void>();
  const bridge: Bridge & { emit(e: EngineEvent): void; calls: [string, unknown][] } = {
    calls: [],
    invoke: async (method, params) => {
      bridge.calls.push([method, params]);
      return reply(method, params);
    },
    onEvent: (l) => (listeners.add(l), () => listeners.delete(l)),
    emit: (e) => listeners.forEach((l) => l(e)),
  };
  return bridge;
}

describe('createApiClient', () => {
  it('sends the method name and params and returns the result', async () => {
    const bridge = fakeBridge(() => ({ id: 1, ok: true, result: { actor: 'jane', theme: 'dark' } }));
    const api = createApiClient(bridge);
    await expect(api.getSettings({})).resolves.toEqual({ actor: 'jane', theme: 'dark' });
    await api.getRun({ runId: 'r1' });
    expect(bridge.calls).toEqual([
      ['getSettings', {}],
      ['getRun', { runId: 'r1' }],
    ]);
  });

  it('turns ok:false into a thrown error carrying the server message and code', async () => {
    const api = createApiClient(fakeBridge(() => ({ id: 1, ok: false, error: { code: 'not_found', message: 'no run "r9"' } })));
    const err = await api.getRun({ runId: 'r9' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect(err).toBeInstanceOf(Error);
    expect((err as ServerError).message).toBe('no run "r9"');
    expect((err as ServerError).code).toBe('not_found');
  });

  it('exposes every command of the contract', () => {
    const api = createApiClient(fakeBridge(() => ({ id: 1, ok: true, result: null })));
    for (const m of [
      'listRunbooks',
      'getRunbook',
      'listRuns',
      'startRun',
      'completeStep',
      'skipStep',
      'reopenStep',
      'addNote',
      'updateSettings',
    ])
      expect(typeof (api as unknown as Record<string, unknown>)[m]).toBe('function');
  });

  it('forwards engine events and unsubscribes', () => {
    const bridge = fakeBridge(() => ({ id: 1, ok: true, result: null }));
    const api = createApiClient(bridge);
    const seen = vi.fn();
    const off = api.onEvent(seen);
    bridge.emit({ type: 'library.changed' });
    off();
    bridge.emit({ type: 'library.changed' });
    expect(seen).toHaveBeenCalledTimes(1);
  });
});
