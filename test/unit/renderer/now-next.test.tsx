// @vitest-environment jsdom
// The Now/Next bar against the stand-in engine (the engine's own rules and fold): it names the
// current step and its one action, does that action, lists a failure until a new attempt or an
// override, and jumps to it; the error banner names steps by title and shows inside an open dialog.
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppStore } from '../../../renderer/store';
import { mountApp } from './mount-app';
import { fakeConnection } from './fake-api';

async function mount() {
  const fake = fakeConnection('jane');
  const store = createAppStore(fake.conn);
  await mountApp(store);
  await screen.findByText('Step s1');
  return { ...fake, store };
}
const stepEl = (id: string) => document.querySelector<HTMLElement>(`[data-step-id="${id}"]`)!;
const nn = () => within(screen.getByRole('region', { name: 'Now and next' }));
const action = () => screen.getByRole('region', { name: 'Now and next' }).querySelector<HTMLButtonElement>('.nn-action')!;
const click = (el: Element) => act(async () => void fireEvent.click(el));

beforeEach(() => {
  window.location.hash = '#/run/r1';
  window.localStorage.clear();
});
afterEach(cleanup);

describe('Now/Next bar', () => {
  it('names the current step and the next one, and its button does the step’s action', async () => {
    const { calls } = await mount();
    expect(nn().getByText('1. Step s1')).toBeTruthy();
    expect(nn().getByText('2. Step s2')).toBeTruthy();
    expect(action().textContent).toBe('Tick');
    await click(action());
    await waitFor(() => expect(stepEl('s1').getAttribute('data-status')).toBe('done'));
    expect(calls[0]).toEqual(['completeStep', { runId: 'r1', stepId: 's1', actor: 'jane' }]);
    expect(nn().getByText('2. Step s2')).toBeTruthy();
    expect(nn().getByText('3. Step s3')).toBeTruthy();
    await click(action());
    await waitFor(() => expect(action().textContent).toBe('Sign off (commander)'));
    await click(action());
    expect(await screen.findByRole('dialog')).toBeTruthy();
  });

  it('a failure stays listed and Resolve failure jumps to it, until a new attempt clears it', async () => {
    const { store, script } = await mount();
    await act(() => store.getState().toggleStep('s1'));
    await act(() => store.getState().toggleStep('s2'));
    await act(() => store.getState().signGate('s3'));
    await act(async () => store.getState().acceptRun(script.attempt('s3', 2)));
    expect(action().textContent).toBe('Resolve failure');
    const attention = nn().getByRole('list', { name: 'Needs attention' });
    expect(attention.textContent).toContain('Step s3');
    expect(attention.textContent).toContain('failed');
    act(() => screen.getByRole('button', { name: 'Focus mode' }).focus());
    await click(action());
    expect(document.activeElement).toBe(stepEl('s3'));
    // A new attempt: no longer a failure (the journal says it runs), the bar waits for it.
    await act(async () => store.getState().acceptRun(script.append('step.started', { stepId: 's3', attempt: 2, hosts: ['local'] })));
    expect(nn().queryByRole('list', { name: 'Needs attention' })).toBeNull();
    expect(action().textContent).toBe('Wait for it to finish');
  });

  it('after a reconnect the view lands on the current step again, with focus on it', async () => {
    const fake = fakeConnection('jane');
    let status: (s: 'open' | 'reconnecting') => void = () => {};
    fake.conn.onStatus = (cb) => ((status = cb as typeof status), () => {});
    const store = createAppStore(fake.conn);
    await mountApp(store);
    await screen.findByText('Step s1');
    expect(document.activeElement).toBe(stepEl('s1'));
    // Another window ticked s1 while this one was cut off.
    fake.script.append('step.completed', { stepId: 's1' });
    act(() => screen.getByRole('button', { name: 'Focus mode' }).focus());
    await act(async () => status('reconnecting'));
    await act(async () => status('open'));
    await waitFor(() => expect(stepEl('s1').getAttribute('data-status')).toBe('done'));
    await waitFor(() => expect(document.activeElement).toBe(stepEl('s2')));
    expect(nn().getByText('2. Step s2')).toBeTruthy();
  });

  it('focus mode is remembered and folds the phases without the current or next steps', async () => {
    const { store } = await mount();
    await act(() => store.getState().toggleStep('s1'));
    const toggle = screen.getByRole('button', { name: 'Focus mode' });
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    await click(toggle);
    expect(window.localStorage.getItem('drillbook.focusMode')).toBe('on');
    // Current s2, next s3: both phases stay open; every step but the current one is one line.
    expect(document.querySelectorAll('section.phase.is-folded')).toHaveLength(0);
    expect(stepEl('s1').classList.contains('is-compact')).toBe(true);
    expect(stepEl('s2').classList.contains('is-compact')).toBe(false);
    await act(() => store.getState().toggleStep('s2'));
    // Current s3: Assess is done and folds to one line.
    expect(document.querySelectorAll('section.phase.is-folded')).toHaveLength(1);
    expect(document.querySelector('section.phase.is-folded summary')!.textContent).toContain('✓ 2 of 2 closed');
    await act(async () => void fireEvent.keyDown(window, { key: 'f' }));
    expect(document.querySelectorAll('section.phase.is-folded')).toHaveLength(0);
    expect(window.localStorage.getItem('drillbook.focusMode')).toBe('off');
  });

  it('the error banner names steps by title and shows inside an open dialog, not behind it', async () => {
    const { store } = await mount();
    await act(async () => void fireEvent.keyDown(window, { key: 'n' }));
    const dialog = await screen.findByRole('dialog');
    await act(async () => store.getState().showError('Ticking the step: step "s2" cannot start yet: waiting for "s1" (pending)'));
    const alert = within(dialog).getByRole('alert');
    expect(alert.textContent).toContain('step “Step s2” cannot start yet: waiting for “Step s1” (pending)');
    await click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
