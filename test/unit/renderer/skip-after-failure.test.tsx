// @vitest-environment jsdom
// Skipping a failed step on the run screen, against the stand-in engine that applies the
// engine's own rules and fold: the Skip dialog says the step failed and that the failure stays on
// the record, and the header and End run count the step as skipped after failing, not skipped.
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../../../renderer/store';
import { mountApp } from './mount-app';
import { FAKE_NOW, fakeConnection } from './fake-api';

async function mount() {
  const fake = fakeConnection('jane');
  const store = createAppStore(fake.conn);
  await mountApp(store);
  await screen.findByText('Step s1');
  await waitFor(() => expect(store.getState().clock).toBeDefined());
  return { ...fake, store };
}
const stepEl = (id: string) => document.querySelector<HTMLElement>(`[data-step-id="${id}"]`)!;
const click = (el: Element) => act(async () => void fireEvent.click(el));

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(FAKE_NOW);
  window.location.hash = '#/run/r1';
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('skipping a failed step', () => {
  it('the dialog names the failed attempt; the header and End run count it apart from plain skips', async () => {
    const { store, calls, script } = await mount();
    await act(() => store.getState().toggleStep('s1'));
    await act(() => store.getState().signGate('s3'));
    // A plain skip first: its dialog says nothing of a failure.
    await click(within(stepEl('s2')).getByRole('button', { name: 'Skip…' }));
    const plain = screen.getByRole('dialog', { name: 'Skip “Step s2”' });
    expect(plain.textContent).not.toMatch(/fail/i);
    fireEvent.change(within(plain).getByLabelText('Reason for skipping'), { target: { value: 'not needed in a drill' } });
    await click(within(plain).getByRole('button', { name: 'Skip step' }));
    await waitFor(() => expect(stepEl('s2').getAttribute('data-status')).toBe('skipped'));

    await act(() => store.getState().acceptRun(script.attempt('s3', 3)));
    expect(stepEl('s3').getAttribute('data-status')).toBe('failed');
    await click(within(stepEl('s3')).getByRole('button', { name: 'Skip…' }));
    const dialog = screen.getByRole('dialog', { name: 'Skip “Step s3” despite its failure' });
    expect(dialog.textContent).toContain('Attempt 1 failed (exit 3 on local)');
    expect(dialog.textContent).toContain('Skipping keeps the failure on the record');
    expect(dialog.textContent).toContain('SKIPPED AFTER FAILING');
    fireEvent.change(within(dialog).getByLabelText('Reason for skipping'), { target: { value: 'restored by hand' } });
    await click(within(dialog).getByRole('button', { name: 'Skip despite failure' }));
    expect(calls.at(-1)).toEqual(['skipStep', { runId: 'r1', stepId: 's3', actor: 'jane', reason: 'restored by hand' }]);
    await waitFor(() => expect(stepEl('s3').getAttribute('data-status')).toBe('skipped'));
    expect(stepEl('s3').querySelector('.step-status')!.textContent).toContain('SKIPPED AFTER FAILING (attempt 1 failed) by jane');
    expect(stepEl('s2').querySelector('.step-status')!.textContent).toMatch(/SKIPPED by jane/);
    expect(document.querySelector('.progress-line')!.textContent).toContain('1 done · 1 skipped · 1 skipped after failing · 0 to go');

    await click(screen.getByRole('button', { name: 'End run…' }));
    const end = within(screen.getByRole('dialog', { name: 'End the run' }));
    const preview = end.getByRole('region', { name: 'Outcome to be recorded' });
    expect(preview.textContent).toContain('It will be recorded as RECOVERED WITH DEVIATIONS');
    expect(preview.textContent).toContain('1 done, 1 skipped, 1 skipped after failing of 3 steps');
    expect(within(preview).getByRole('list', { name: 'Why' }).textContent).toContain('1 step skipped after it failed');
  });
});
