// @vitest-environment jsdom
// A quick request the engine does not answer (busy, stuck, its host stopped) is said in a banner
// after a few seconds; long commands by nature (a signed report) are not counted; the banner goes
// when the answer comes.
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Bridge, Response } from '../../../core/api';
import { createApiClient } from '../../../renderer/api/client';
import { EngineWaitBanner, WAIT_NOTICE_MS } from '../../../renderer/features/shared/EngineWaitBanner';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function heldBridge() {
  const answers: ((r: Response) => void)[] = [];
  const bridge: Bridge = {
    invoke: () => new Promise<Response>((resolve) => answers.push(resolve)),
    onEvent: () => () => undefined,
  };
  return { bridge, answer: (i: number) => answers[i]!({ ok: true, result: {} } as Response) };
}

describe('waiting for the engine', () => {
  it('reports when the oldest quick request was sent, and nothing once it is answered', async () => {
    const { bridge, answer } = heldBridge();
    let t = 1000;
    const api = createApiClient(bridge, () => t);
    const seen: (number | undefined)[] = [];
    api.onWaiting!((since) => seen.push(since));
    void api.exportReport({ runId: 'r', passphrase: 'x' } as never);
    expect(seen).toEqual([]); // a signed report takes its time: not a sign of a stuck engine
    const tick = api.completeStep({ runId: 'r', stepId: 's', actor: 'jane' } as never);
    t = 2000;
    const note = api.addNote({ runId: 'r', stepId: 's', actor: 'jane', text: 'n' } as never);
    expect(seen).toEqual([1000, 1000]);
    answer(1);
    await tick;
    expect(seen.at(-1)).toBe(2000);
    answer(2);
    await note;
    expect(seen.at(-1)).toBeUndefined();
  });

  it('shows a banner only after the request has waited a few seconds', () => {
    vi.useFakeTimers();
    const since = Date.now();
    render(<EngineWaitBanner since={since} />);
    expect(screen.queryByRole('alert')).toBeNull();
    act(() => vi.advanceTimersByTime(WAIT_NOTICE_MS + 1000));
    expect(screen.getByRole('alert').textContent).toMatch(/Drillbook has not answered for 6 s .* not saved until it answers/);
    cleanup();
    render(<EngineWaitBanner since={undefined} />);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
