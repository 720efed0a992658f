// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppStore } from '../../../renderer/store';
import { mountApp } from './mount-app';
import { fakeConnection } from './fake-api';

async function mount(actor = 'jane') {
  const { conn, calls } = fakeConnection(actor);
  const store = createAppStore(conn);
  await mountApp(store);
  await screen.findByText('Step s1');
  return { store, calls };
}
const key = (k: string) => act(() => void fireEvent.keyDown(window, { key: k }));
const stepEl = (id: string) => document.querySelector(`[data-step-id="${id}"]`)!;

beforeEach(() => {
  window.location.hash = '#/run/r1';
});
afterEach(cleanup);

describe('run view', () => {
  it('shows the DRILL badge and the runbook reference', async () => {
    await mount();
    expect(screen.getByText('DRILL')).toBeTruthy();
    expect(screen.getByText('demo@1.0.0')).toBeTruthy();
  });

  it('a run another process writes says so, with that process', async () => {
    const { conn } = fakeConnection('jane');
    const getRun = conn.api.getRun.bind(conn.api);
    conn.api.getRun = async (i) => ({ ...(await getRun(i)), heldBy: { pid: 4242, host: 'ops-laptop', since: '2026-01-01T10:02:00.000Z' } });
    await mountApp(createAppStore(conn));
    expect((await screen.findByText(/Read-only: process 4242 on ops-laptop is writing this run/)).textContent).toMatch(
      /Changes are refused until it ends/,
    );
  });

  it('the view opens with focus on the current step; space ticks it with the actor; space again asks why before the undo', async () => {
    const { calls } = await mount();
    expect(document.activeElement).toBe(stepEl('s1'));
    await key(' ');
    await waitFor(() => expect(stepEl('s1').getAttribute('data-status')).toBe('done'));
    expect(calls[0]).toEqual(['completeStep', { runId: 'r1', stepId: 's1', actor: 'jane' }]);
    expect(stepEl('s1').textContent).toContain('Done by jane');
    await key('x');
    const reason = await screen.findByLabelText('Reason for reopening');
    expect(document.activeElement).toBe(reason);
    expect(calls).toHaveLength(1);
    fireEvent.change(reason, { target: { value: 'ticked the wrong step' } });
    await act(async () => void fireEvent.keyDown(reason, { key: 'Enter' }));
    await waitFor(() => expect(stepEl('s1').getAttribute('data-status')).toBe('pending'));
    expect(calls[1]).toEqual(['reopenStep', { runId: 'r1', stepId: 's1', actor: 'jane', reason: 'ticked the wrong step' }]);
    expect(stepEl('s1').textContent).toContain('Reopened by jane');
    expect(stepEl('s1').textContent).toContain('ticked the wrong step');
    // The dialog left focus nowhere: the first j comes back to the step, the next moves on.
    await key('j');
    expect(document.activeElement).toBe(stepEl('s1'));
    await key('j');
    expect(document.activeElement).toBe(stepEl('s2'));
  });

  it('Esc in the reopen dialog cancels: nothing is written', async () => {
    const { calls } = await mount();
    expect(document.activeElement).toBe(stepEl('s1'));
    await key(' ');
    await waitFor(() => expect(stepEl('s1').getAttribute('data-status')).toBe('done'));
    await key(' ');
    const dialog = await screen.findByRole('dialog', { name: 'Reopen “Step s1”' });
    await act(async () => void fireEvent(dialog, new Event('cancel', { cancelable: true })));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls.map((c) => c[0])).toEqual(['completeStep']);
    expect(stepEl('s1').getAttribute('data-status')).toBe('done');
  });

  it('j keeps working while a checkbox has focus (after a click)', async () => {
    await mount();
    const box = stepEl('s1').querySelector('input')!;
    act(() => box.focus());
    await act(() => void fireEvent.keyDown(box, { key: 'j' }));
    expect(document.activeElement).toBe(stepEl('s2'));
  });

  it('s asks for a reason and skips; the step is marked skipped', async () => {
    const { calls } = await mount();
    expect(document.activeElement).toBe(stepEl('s1'));
    await key('s');
    const input = await screen.findByLabelText('Reason for skipping');
    fireEvent.change(input, { target: { value: 'not needed in a drill' } });
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Skip step' })));
    await waitFor(() => expect(stepEl('s1').getAttribute('data-status')).toBe('skipped'));
    expect(calls[0]).toEqual(['skipStep', { runId: 'r1', stepId: 's1', actor: 'jane', reason: 'not needed in a drill' }]);
    expect(stepEl('s1').textContent).toContain('not needed in a drill');
  });

  it('ticking a skipped step asks why, then reopens it and ticks it (the engine completes only pending steps)', async () => {
    const { store, calls } = await mount();
    // s1, not s2: s2 follows s1, and a step may only be ticked once what it waits on is done.
    await act(() => store.getState().skipStep('s1', 'later'));
    await act(async () => void fireEvent.click(stepEl('s1').querySelector('input')!));
    const dialog = await screen.findByRole('dialog', { name: 'Tick “Step s1” after it was skipped' });
    fireEvent.change(screen.getByLabelText('Reason for reopening'), { target: { value: 'done after all' } });
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Reopen and tick' })));
    expect(dialog.isConnected).toBe(false);
    expect(calls.map((c) => c[0])).toEqual(['skipStep', 'reopenStep', 'completeStep']);
    expect(calls[1]![1]).toMatchObject({ reason: 'done after all' });
    expect(stepEl('s1').getAttribute('data-status')).toBe('done');
  });

  it('a blank skip reason is refused', async () => {
    const { calls } = await mount();
    expect(document.activeElement).toBe(stepEl('s1'));
    await key('s');
    fireEvent.change(await screen.findByLabelText('Reason for skipping'), { target: { value: '   ' } });
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Skip step' })));
    expect(screen.getByRole('alert').textContent).toMatch(/required/);
    expect(calls).toEqual([]);
  });

  it('without an actor name, ticking asks for the name instead of writing an anonymous event', async () => {
    const { calls } = await mount('');
    await key('j');
    await key(' ');
    expect(calls).toEqual([]);
    expect(screen.getByText('Who is at the keyboard?')).toBeTruthy();
  });
});
