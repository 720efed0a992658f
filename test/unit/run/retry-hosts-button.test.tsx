// @vitest-environment jsdom
// The run view over a fake engine: a fan-out step that failed on one of its hosts offers
// "Retry failed hosts only" beside "Run again", which sends runStep with just that host; the
// parameters panel lists the host bindings; a command shows its values filled in and marked.
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunView } from '../../../core/api';
import type { StepState } from '../../../core/run/state';
import type { Runbook, Step } from '../../../core/runbook/model';
import { createAppStore } from '../../../renderer/store';
import { fakeConnection, runbook as baseRunbook } from '../renderer/fake-api';
import { mountApp } from '../renderer/mount-app';

const restart: Step = {
  id: 'restart',
  title: 'Restart the app',
  phaseId: 'x',
  kind: 'command',
  description: '',
  action: { type: 'command', lang: 'bash', host: 'app', script: 'systemctl restart {{unit}}' },
  attrs: { after: [], retries: 0, expectExit: 0, continueOnFailure: false },
  line: 1,
};
const runbook: Runbook = {
  ...baseRunbook,
  params: { unit: { required: true } },
  hosts: { app: { many: true } },
  phases: [{ id: 'x', title: 'Execute', budgetMs: 600_000, description: '', line: 1, steps: [restart] }],
};
const result = (host: string, ok: boolean) => ({
  host,
  exitCode: ok ? 0 : 1,
  ...(ok ? {} : { error: 'exit 1 (expected 0)' }),
  durationMs: 5,
  evidence: { file: `outputs/restart-${host}-1.log`, sha256: '0'.repeat(64), bytes: 0 },
});
const failedOnWeb2: StepState = {
  stepId: 'restart',
  status: 'failed',
  by: 'jane',
  at: '2026-01-01T10:07:00.000Z',
  startedAt: '2026-01-01T10:06:00.000Z',
  endedAt: '2026-01-01T10:07:00.000Z',
  attempt: 1,
  outcome: 'failed',
  error: 'web2: exit 1 (expected 0)',
  notes: [],
  signOffs: [],
  bypasses: [],
  history: [],
  attempts: [
    {
      attempt: 1,
      by: 'jane',
      startedAt: '2026-01-01T10:06:00.000Z',
      targets: ['web1', 'web2', 'web3'],
      results: { web1: result('web1', true), web2: result('web2', false), web3: result('web3', true) },
      endedAt: '2026-01-01T10:07:00.000Z',
      outcome: 'failed',
    },
  ],
};

async function mount() {
  const { conn, calls } = fakeConnection('jane');
  const getRun = conn.api.getRun;
  const view = async (): Promise<RunView> => {
    const v = await getRun({ runId: 'r1' });
    return {
      ...v,
      runbook,
      state: {
        ...v.state,
        params: { unit: "app's.service" },
        bindings: { app: ['web1', 'web2', 'web3'] },
        steps: { restart: failedOnWeb2 },
      },
    };
  };
  Object.assign(conn.api, {
    getRun: view,
    listPrompts: async () => [],
    getStepOutput: async () => ({ stepId: 'restart', attempt: 1, hosts: [] }),
    runStep: async (i: unknown) => (calls.push(['runStep', i]), view()),
  });
  window.location.hash = '#/run/r1';
  await mountApp(createAppStore(conn));
  await screen.findAllByText('Restart the app');
  return calls;
}

afterEach(cleanup);

describe('run view: retry failed hosts only', () => {
  it('offers the failed host beside Run again and sends only it', async () => {
    const calls = await mount();
    expect(screen.getByRole('button', { name: 'Run again' })).toBeTruthy();
    const retry = screen.getByRole('button', { name: 'Retry failed hosts only (web2)' });
    await act(async () => void fireEvent.click(retry));
    expect(calls.find((c) => c[0] === 'runStep')![1]).toEqual({ runId: 'r1', stepId: 'restart', actor: 'jane', hosts: ['web2'] });
  });

  it('shows the command as it will run, values marked, and the bindings in the parameters panel', async () => {
    await mount();
    const asRun = document.querySelector('.command-as-run pre')!;
    expect(asRun.textContent).toBe(`systemctl restart 'app'\\''s.service'`);
    expect([...asRun.querySelectorAll('mark.param-value')].map((m) => m.textContent)).toEqual([`'app'\\''s.service'`]);
    expect(screen.getByText(/Runs on: app → web1, web2, web3/)).toBeTruthy();
    const panel = document.querySelector('.run-params')!;
    expect(panel.querySelector('summary')!.textContent).toMatch(/host bindings \(1\)/);
    expect(panel.querySelector('.run-binding')!.textContent).toBe('host role appweb1, web2, web3');
  });
});
