// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../../../renderer/store';
import { mountApp } from './mount-app';
import { FAKE_NOW, fakeConnection } from './fake-api';

async function mount() {
  const { conn, calls } = fakeConnection('jane');
  const store = createAppStore(conn);
  await mountApp(store);
  await screen.findByText('Step s1');
  await waitFor(() => expect(store.getState().clock).toBeDefined());
  return { store, calls };
}
const stepEl = (id: string) => document.querySelector<HTMLElement>(`[data-step-id="${id}"]`)!;

beforeEach(() => {
  // Only Date is faked: the local clock reads the same instant as the (fake) engine.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(FAKE_NOW);
  window.location.hash = '#/run/r1';
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('run view: the RTO clock, order and gates', () => {
  it('shows RTO left, time since T0, the current phase with its deadline, late steps and the projected end', async () => {
    await mount();
    const bar = within(screen.getByRole('region', { name: 'RTO clock' }));
    // T0 10:00, engine now 10:10, RTO 4h.
    expect(bar.getByText('RTO 4h — left').nextElementSibling!.textContent).toBe('3:50:00');
    expect(bar.getByText('Since T0').nextElementSibling!.textContent).toBe('0:10:00');
    // Local time with UTC beside it (or just UTC where local time is UTC).
    expect(bar.getByText('Assess').nextElementSibling!.textContent).toMatch(/^due .*10:30:00 UTC\)? \(T0\+30m\) · 33% of 30m$/); // the first phase runs from T0, not from opening (10:01)
    expect(bar.getByText('Late steps').nextElementSibling!.textContent).toBe('0');
    expect(bar.getByText('Projected end')).toBeTruthy();
  });

  it('says why a step may not start, and refuses the tick with that reason', async () => {
    const { calls } = await mount();
    expect(stepEl('s2').textContent).toContain('Cannot start yet: waiting for "s1" (pending)');
    expect(stepEl('s1').textContent).not.toContain('Cannot start yet');
    await act(async () => void fireEvent.click(stepEl('s2').querySelector('input')!));
    expect(screen.getByRole('alert').textContent).toContain(
      'Ticking the step: step “Step s2” cannot start yet: waiting for “Step s1” (pending)',
    );
    expect(calls).toEqual([]);
    expect(stepEl('s3').textContent).toContain('waiting for phase "Assess" to finish');
    expect(stepEl('s3').textContent).toContain('needs sign-off by a commander (gate)');
  });

  it('a gate step offers "Sign off (ROLE)"; signing records the actor', async () => {
    const { calls } = await mount();
    await act(async () => void fireEvent.click(within(stepEl('s3')).getByRole('button', { name: 'Sign off (commander)' })));
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByText('Sign off “Step s3” (commander)')).toBeTruthy();
    await act(async () => void fireEvent.click(within(dialog).getByRole('button', { name: 'Sign off as jane' })));
    expect(calls).toEqual([['signGate', { runId: 'r1', stepId: 's3', actor: 'jane' }]]);
    await waitFor(() => expect(within(stepEl('s3')).queryByRole('button', { name: /Sign off/ })).toBeNull());
    expect(stepEl('s3').textContent).toContain('Gate signed off by jane (commander)');
  });

  it('shows the timeline as an image from a data: URL, never as markup', async () => {
    await mount();
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Timeline' })));
    const img = screen.getByRole('img', { name: /Timeline of Demo restore/ }) as HTMLImageElement;
    expect(img.getAttribute('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,/);
    const svg = decodeURIComponent(img.getAttribute('src')!.split(',')[1]!);
    expect(svg).toContain('RTO 4h');
    expect(document.querySelector('svg')).toBeNull();
    expect(document.querySelector('[data-step-id="s1"]')).toBeNull();
  });

  it('ends a run: an abort needs a reason, then the run is read-only', async () => {
    const { calls } = await mount();
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'End run…' })));
    const dialog = within(screen.getByRole('dialog'));
    fireEvent.click(dialog.getByLabelText('Aborted'));
    await act(async () => void fireEvent.click(dialog.getByRole('button', { name: 'End run' })));
    expect(dialog.getByRole('alert').textContent).toBe('Say why the run is aborted.');
    fireEvent.change(dialog.getByLabelText('Reason (required)'), { target: { value: 'drill called off' } });
    await act(async () => void fireEvent.click(dialog.getByRole('button', { name: 'End run' })));
    expect(calls).toEqual([['endRun', { runId: 'r1', actor: 'jane', outcome: 'aborted', reason: 'drill called off' }]]);
    await waitFor(() => expect(screen.getByText(/ABORTED \(read-only\)/)).toBeTruthy());
    expect(screen.queryByRole('button', { name: 'End run…' })).toBeNull();
  });
});
