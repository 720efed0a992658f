// @vitest-environment jsdom
// "A record an auditor can trust", on the run screen, against a stand-in engine that applies the
// engine's own rules: executed steps are run or overridden with a reason (never ticked), a click
// on a title changes nothing, every undo asks why, the step's record shows every attempt and
// sign-off, End run shows the outcome it will record and wants a reason unless it is clean, the
// runs list says the outcome in words, and the clock gives no verdict it cannot back.
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunSummary } from '../../../core/api';
import { computeClock } from '../../../core/run/clock';
import { createAppStore } from '../../../renderer/store';
import { mountApp } from './mount-app';
import { FAKE_NOW, fakeConnection, runbook } from './fake-api';

async function mount(opts: { liveClock?: boolean; runs?: RunSummary[] } = {}) {
  const fake = fakeConnection('jane');
  // The engine's clock at the (fake) current time, so a test can move time on.
  if (opts.liveClock) Object.assign(fake.conn.api, { getClock: async () => computeClock(runbook, fake.view().state, new Date()) });
  if (opts.runs) Object.assign(fake.conn.api, { listRuns: async () => opts.runs });
  const store = createAppStore(fake.conn);
  await mountApp(store);
  if (window.location.hash.startsWith('#/run/')) {
    await screen.findByText('Step s1');
    await waitFor(() => expect(store.getState().clock).toBeDefined());
  }
  return { ...fake, store };
}
const key = (k: string) => act(() => void fireEvent.keyDown(window, { key: k }));
const stepEl = (id: string) => document.querySelector<HTMLElement>(`[data-step-id="${id}"]`)!;
const click = (el: Element) => act(async () => void fireEvent.click(el));
const bar = () => screen.getByRole('region', { name: 'RTO clock' });

/** s1 and s2 ticked and the gate of s3 signed, through the UI's store: s3 (a command) is ready to run. */
async function readyS3(store: Awaited<ReturnType<typeof mount>>['store']) {
  await act(() => store.getState().toggleStep('s1'));
  await act(() => store.getState().toggleStep('s2'));
  await act(() => store.getState().signGate('s3'));
  expect(stepEl('s2').getAttribute('data-status')).toBe('done');
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(FAKE_NOW);
  window.location.hash = '#/run/r1';
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('executed steps are never ticked', () => {
  it('a command step has no checkbox; space on it goes to Run and writes nothing', async () => {
    const { store, calls } = await mount();
    await readyS3(store);
    expect(stepEl('s3').querySelector('input[type=checkbox]')).toBeNull();
    act(() => store.getState().focusStep('s3'));
    const before = calls.length;
    await key(' ');
    expect(document.activeElement).toBe(within(stepEl('s3')).getByRole('button', { name: 'Run' }));
    expect(calls.slice(before)).toEqual([]);
    expect(calls.some((c) => c[0] === 'completeStep' && (c[1] as { stepId: string }).stepId === 's3')).toBe(false);
    expect(stepEl('s3').getAttribute('data-status')).toBe('pending');
  });

  it('space on a command step that cannot run yet says why and stays on the step (never heads for an override)', async () => {
    const { calls } = await mount();
    await act(async () => void stepEl('s3').focus());
    await key(' ');
    expect(document.activeElement).toBe(stepEl('s3'));
    await act(() => new Promise((r) => requestAnimationFrame(() => r(undefined))));
    expect(document.getElementById('announce')?.textContent).toMatch(/may not start yet because waiting for/);
    await key(' ');
    expect(document.activeElement).toBe(stepEl('s3'));
    expect(document.querySelector('dialog')).toBeNull();
    expect(calls).toEqual([]);
  });

  it('the store refuses to tick an executed step even when asked directly', async () => {
    const { store, calls } = await mount();
    await readyS3(store);
    const before = calls.length;
    await act(() => store.getState().toggleStep('s3'));
    expect(calls.slice(before)).toEqual([]);
  });

  it('a click on a step title does not tick it (the title is outside the checkbox label)', async () => {
    const { calls } = await mount();
    const title = within(stepEl('s1')).getByText('Step s1');
    expect(title.closest('label')).toBeNull();
    await click(title);
    expect(calls).toEqual([]);
    expect(stepEl('s1').getAttribute('data-status')).toBe('pending');
    // The checkbox is still named by the title for screen readers.
    expect(screen.getByRole('checkbox', { name: 'Step s1' })).toBeTruthy();
  });

  it('"Mark done without running…" asks a reason (focused; blank refused) and records an OVERRIDE, not done', async () => {
    const { store, calls } = await mount();
    await readyS3(store);
    await click(within(stepEl('s3')).getByRole('button', { name: 'Mark done without running…' }));
    const dialog = screen.getByRole('dialog', { name: 'Mark “Step s3” done without running' });
    const reason = within(dialog).getByLabelText('Why it was not run here');
    expect(document.activeElement).toBe(reason);
    fireEvent.change(reason, { target: { value: '   ' } });
    await click(within(dialog).getByRole('button', { name: 'Mark done without running' }));
    expect(within(dialog).getByRole('alert').textContent).toMatch(/required/);
    expect(calls.some((c) => c[0] === 'overrideStep')).toBe(false);
    fireEvent.change(reason, { target: { value: 'restored by hand from the console' } });
    await act(async () => void fireEvent.keyDown(reason, { key: 'Enter' }));
    expect(calls.at(-1)).toEqual([
      'overrideStep',
      { runId: 'r1', stepId: 's3', actor: 'jane', reason: 'restored by hand from the console' },
    ]);
    await waitFor(() => expect(stepEl('s3').getAttribute('data-status')).toBe('overridden'));
    const status = stepEl('s3').querySelector('.step-status')!.textContent!;
    expect(status).toContain('OVERRIDDEN — marked done without running by jane');
    expect(status).toContain('restored by hand from the console');
    expect(status).not.toContain('Done by');
    expect(document.querySelector('.progress-line')!.textContent).toContain('2 done · 0 skipped · 1 overridden');
    // Undoing an override asks why too.
    await click(within(stepEl('s3')).getByRole('button', { name: 'Undo override…' }));
    expect(screen.getByRole('dialog', { name: 'Reopen “Step s3”' })).toBeTruthy();
    expect(screen.getByLabelText('Reason for reopening')).toBeTruthy();
  });

  it('a failed step offers Run again and "Accept despite failure…", never a plain Reopen or a tick', async () => {
    const { store, calls, script } = await mount();
    await readyS3(store);
    await act(() => store.getState().acceptRun(script.attempt('s3', 3)));
    const s3 = within(stepEl('s3'));
    expect(stepEl('s3').getAttribute('data-status')).toBe('failed');
    expect(stepEl('s3').textContent).toContain('FAILED on attempt 1');
    expect(s3.getByRole('button', { name: 'Run again' })).toBeTruthy();
    expect(s3.queryByRole('button', { name: /^Reopen/ })).toBeNull();
    expect(s3.queryByRole('checkbox')).toBeNull();
    act(() => store.getState().focusStep('s3'));
    await key(' ');
    expect(document.activeElement).toBe(s3.getByRole('button', { name: 'Run again' }));
    expect(calls.some((c) => c[0] === 'completeStep' && (c[1] as { stepId: string }).stepId === 's3')).toBe(false);

    await click(s3.getByRole('button', { name: 'Accept despite failure…' }));
    const dialog = screen.getByRole('dialog', { name: 'Accept “Step s3” despite failure' });
    expect(dialog.textContent).toContain('Attempt 1 failed (exit 3 on local)');
    fireEvent.change(within(dialog).getByLabelText('Why the failure is acceptable'), {
      target: { value: 'exit 3 is a warning on this version' },
    });
    await click(within(dialog).getByRole('button', { name: 'Accept despite failure' }));
    await waitFor(() => expect(stepEl('s3').getAttribute('data-status')).toBe('overridden'));
    expect(stepEl('s3').textContent).toContain('OVERRIDDEN — accepted despite failure by jane');
    expect(calls.at(-1)).toEqual([
      'overrideStep',
      { runId: 'r1', stepId: 's3', actor: 'jane', reason: 'exit 3 is a warning on this version' },
    ]);
  });
});

describe('the step record', () => {
  it('shows every attempt (hosts, outcome, exit code, evidence), sign-offs and reasons', async () => {
    const { store, script } = await mount();
    await readyS3(store);
    script.attempt('s3', 3);
    await act(() => store.getState().acceptRun(script.attempt('s3', 0)));
    expect(stepEl('s3').getAttribute('data-status')).toBe('done');
    const history = stepEl('s3').querySelector('details.history')!;
    expect(history.querySelector('summary')!.textContent).toContain('2 attempts');
    const attempts = within(history as HTMLElement)
      .getByRole('list', { name: 'Attempts' })
      .querySelectorAll(':scope > li');
    expect(attempts).toHaveLength(2);
    expect(attempts[0]!.textContent).toMatch(/Attempt 1 by jane .* on local: FAILED \(exit 3 on local\)/);
    expect(attempts[0]!.textContent).toContain('local: exit 3 · 2s · evidence outputs/s3/1/local.log');
    expect(attempts[1]!.textContent).toMatch(/Attempt 2 .*SUCCEEDED/);
    expect(within(history as HTMLElement).getByRole('list', { name: 'Sign-offs' }).textContent).toContain(
      'jane (commander): self-asserted (name typed)',
    );
    expect(stepEl('s3').textContent).toContain('Gate signed off by jane (commander)');
    expect(stepEl('s3').textContent).toContain('self-asserted');

    // A successful executed step can be reopened, with a reason, which the trail keeps.
    await click(within(stepEl('s3')).getByRole('button', { name: 'Reopen…' }));
    fireEvent.change(screen.getByLabelText('Reason for reopening'), { target: { value: 'restored the wrong database' } });
    await click(screen.getByRole('button', { name: 'Reopen step' }));
    await waitFor(() => expect(stepEl('s3').getAttribute('data-status')).toBe('pending'));
    const events = within(stepEl('s3').querySelector('details.history') as HTMLElement).getByRole('list', { name: 'Events' });
    expect(events.textContent).toContain('reopened (undo): restored the wrong database');
    expect(stepEl('s3').querySelectorAll('[aria-label="Attempts"] > li')).toHaveLength(2);
  });

  it('a skip past order is shown as bypassed', async () => {
    const { store } = await mount();
    await act(() => store.getState().skipStep('s2', 'not needed'));
    expect(stepEl('s2').querySelector('.bypassed')!.textContent).toMatch(
      /Closed out of order: skipped by jane at .+ while waiting for "s1"/,
    );
    expect(
      within(stepEl('s2').querySelector('details.history') as HTMLElement).getByRole('list', { name: 'Bypassed' }).textContent,
    ).toContain('skipped it while it was still waiting');
  });
});

describe('sign-off with the signing key', () => {
  it('offers "Confirm with my signing key" (password field, focused) and shows the sign-off as key-confirmed', async () => {
    const { store, calls, script } = await mount();
    script.keys = { exists: true, name: 'jane', certSha256: 'c'.repeat(64), passphraseKept: false, canKeepPassphrase: false };
    await click(within(stepEl('s3')).getByRole('button', { name: 'Sign off (commander)' }));
    const dialog = within(screen.getByRole('dialog'));
    const confirm = (await dialog.findByLabelText('Confirm with my signing key')) as HTMLInputElement;
    await waitFor(() => expect(confirm.disabled).toBe(false));
    await click(confirm);
    const pass = dialog.getByLabelText('Passphrase of the signing key') as HTMLInputElement;
    expect(pass.type).toBe('password');
    expect(document.activeElement).toBe(pass);
    fireEvent.change(pass, { target: { value: 'right passphrase' } });
    await click(dialog.getByRole('button', { name: 'Sign off as jane (key-confirmed)' }));
    expect(calls.at(-1)).toEqual(['signGate', { runId: 'r1', stepId: 's3', actor: 'jane', passphrase: 'right passphrase' }]);
    await waitFor(() => expect(stepEl('s3').textContent).toContain('✓ confirmed with signing key'));
    expect(JSON.stringify(store.getState())).not.toContain('right passphrase');
  });

  it('without an identity of the actor on this machine, the sign-off can only be self-asserted', async () => {
    const { script } = await mount();
    script.keys = { exists: true, name: 'someone else', certSha256: 'c'.repeat(64), passphraseKept: false, canKeepPassphrase: false };
    await click(within(stepEl('s3')).getByRole('button', { name: 'Sign off (commander)' }));
    const dialog = within(screen.getByRole('dialog'));
    await waitFor(() => expect(dialog.getByText(/The signing key here is someone else's/)).toBeTruthy());
    expect((dialog.getByLabelText('Confirm with my signing key') as HTMLInputElement).disabled).toBe(true);
  });
});

describe('End run shows the outcome it will record', () => {
  it('with an override: RECOVERED WITH DEVIATIONS, reasons and counts; blocked without a reason', async () => {
    const { store, calls } = await mount();
    await readyS3(store);
    await act(() => store.getState().overrideStep('s3', 'done by hand'));
    await click(screen.getByRole('button', { name: 'End run…' }));
    const dialog = within(screen.getByRole('dialog', { name: 'End the run' }));
    const preview = dialog.getByRole('region', { name: 'Outcome to be recorded' });
    expect(preview.textContent).toContain('It will be recorded as RECOVERED WITH DEVIATIONS');
    expect(preview.textContent).toContain('2 done, 1 overridden of 3 steps');
    expect(within(preview).getByRole('list', { name: 'Why' }).textContent).toContain('1 step overridden');
    expect(dialog.getByLabelText('Reason (required)')).toBe(document.activeElement);
    await click(dialog.getByRole('button', { name: 'End run' }));
    expect(dialog.getByRole('alert').textContent).toBe('Say why the run ends RECOVERED WITH DEVIATIONS.');
    expect(calls.some((c) => c[0] === 'endRun')).toBe(false);
    fireEvent.change(dialog.getByLabelText('Reason (required)'), { target: { value: 'restore done by hand, script broken' } });
    await click(dialog.getByRole('button', { name: 'End run' }));
    expect(calls.at(-1)).toEqual([
      'endRun',
      { runId: 'r1', actor: 'jane', outcome: 'completed', reason: 'restore done by hand, script broken' },
    ]);
    await waitFor(() => expect(document.querySelector('.run-head')!.textContent).toContain('ENDED: RECOVERED WITH DEVIATIONS (read-only)'));
  });

  it('a failed step: NOT RECOVERED, and "Completed" is not offered as if every step were done', async () => {
    const { store, script } = await mount();
    await readyS3(store);
    await act(() => store.getState().acceptRun(script.attempt('s3', 1)));
    await click(screen.getByRole('button', { name: 'End run…' }));
    const dialog = screen.getByRole('dialog', { name: 'End the run' });
    expect(dialog.textContent).not.toContain('every step done');
    const preview = within(dialog).getByRole('region', { name: 'Outcome to be recorded' });
    expect(preview.textContent).toContain('NOT RECOVERED');
    expect(preview.textContent).toContain('2 done, 1 failed of 3 steps');
    expect(preview.textContent).toContain('1 step failed');
  });

  it('a clean recovery needs no reason', async () => {
    const { store, calls, script } = await mount();
    await readyS3(store);
    await act(() => store.getState().acceptRun(script.attempt('s3', 0)));
    await click(screen.getByRole('button', { name: 'End run…' }));
    const dialog = within(screen.getByRole('dialog', { name: 'End the run' }));
    expect(dialog.getByRole('region', { name: 'Outcome to be recorded' }).textContent).toContain(
      'It will be recorded as RECOVERED3 done of 3 steps',
    );
    await click(dialog.getByRole('button', { name: 'End run' }));
    expect(calls.at(-1)).toEqual(['endRun', { runId: 'r1', actor: 'jane', outcome: 'completed' }]);
    await waitFor(() => expect(document.querySelector('.run-head')!.textContent).toContain('ENDED: RECOVERED (read-only)'));
  });

  it("shows the engine's refusal in the dialog when the run changed since it opened", async () => {
    const { store, script } = await mount();
    await readyS3(store);
    await act(() => store.getState().acceptRun(script.attempt('s3', 0)));
    await click(screen.getByRole('button', { name: 'End run…' }));
    // Another window reopens s1 meanwhile; this screen has not heard yet.
    script.append('step.reopened', { stepId: 's1', reason: 'redo it' });
    const dialog = within(screen.getByRole('dialog', { name: 'End the run' }));
    await click(dialog.getByRole('button', { name: 'End run' }));
    expect(dialog.getByRole('alert').textContent).toMatch(
      /^The engine refused: this run would end NOT RECOVERED \(1 step not done; .*\): ending it so needs a reason$/,
    );
    expect(screen.getByRole('dialog', { name: 'End the run' })).toBeTruthy();
  });
});

describe('runs list', () => {
  it('says the derived outcome and counts, never a percentage for skipped or failed steps', async () => {
    window.location.hash = '#/';
    const base: RunSummary = {
      runId: 'r9',
      folder: 'r9',
      runbook: { id: 'big', version: '1.0.0', title: 'Big restore', sha256: 'f'.repeat(64) },
      mode: 'drill',
      t0: '2026-01-01T10:00:00.000Z',
      startedAt: '2026-01-01T10:01:00.000Z',
      status: 'completed',
      stepsDone: 5,
      stepsTotal: 24,
      reports: 0,
      outcome: {
        result: 'not-recovered',
        counts: { total: 24, done: 5, skipped: 18, skippedAfterFailure: 0, overridden: 0, failed: 1, notDone: 0 },
        reasons: ['1 step failed'],
        final: true,
      },
    };
    await mount({ runs: [base] });
    const row = await screen.findByText('Big restore');
    const text = row.closest('li')!.textContent!;
    expect(text).toContain('✗ NOT RECOVERED · 5 done, 18 skipped, 1 failed of 24 steps');
    expect(text).not.toMatch(/100%|✓ COMPLETED|24\/24/);
  });
});

describe('clock bar', () => {
  it('says "not enough data yet" instead of a projection verdict at the start', async () => {
    await mount();
    expect(bar().textContent).toContain('not enough data yet');
    expect(bar().textContent).not.toMatch(/BREACH/);
    expect(bar().querySelector('.is-breach')).toBeNull();
  });

  it('a phase past its deadline is amber LATE, never an RTO breach; an RTO breach is red and says RTO', async () => {
    vi.setSystemTime(new Date('2026-01-01T10:45:00.000Z'));
    await mount({ liveClock: true });
    const late = bar().querySelector('[data-kind="phase-late"]')!;
    expect(late.className).toContain('is-late');
    expect(late.textContent).toMatch(/^⚠ LATE: Phase "Assess" is late/);
    expect(bar().textContent).not.toMatch(/BREACH/);
    expect(
      within(bar())
        .getByText(/Phase — ⚠ LATE/)
        .closest('div')!.className,
    ).toBe('is-late');
    cleanup();

    vi.setSystemTime(new Date('2026-01-01T14:30:00.000Z'));
    await mount({ liveClock: true });
    const breach = bar().querySelector('[data-kind="rto-breach"]')!;
    expect(breach.className).toContain('is-breach');
    expect(breach.textContent).toMatch(/^✗ RTO BREACHED: RTO of 4h breached by 30m/);
    expect(bar().querySelector('[data-kind="phase-late"]')!.className).toContain('is-late');
  });

  it('an ended run shows final figures and no countdown', async () => {
    const { store } = await mount({ liveClock: true });
    await act(() => store.getState().endRun('r1', 'aborted', 'called off'));
    await waitFor(() => expect(bar().textContent).toContain('final'));
    const text = bar().textContent!;
    expect(text).not.toContain('— left');
    // Aborted: the RTO was not met, however little of it was used (what the report says).
    expect(text).toContain('RTO 4h — final');
    expect(text).toContain('RTO not met: run aborted after 5m');
    expect(text).not.toMatch(/spare|\bmet,/);
    expect(text).toContain('T0 to end');
    expect(text).toContain('Run ended (aborted)');
    expect(text).not.toContain('Projected end');
    vi.setSystemTime(new Date('2026-01-01T11:10:00.000Z'));
    await act(() => store.getState().loadClock());
    await act(async () => void (await new Promise((r) => setTimeout(r, 1100))));
    expect(bar().textContent).toBe(text);
  });
});
