// @vitest-environment jsdom
// The run list's badge while the engine has not checked a report yet: "… CHECKING REPORT" in a
// neutral style with an accessible name, never "✓ SIGNED REPORT"; the engine's
// runs.reports-checked event reloads the list, and the verdict replaces it.
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent, RunSummary } from '../../../core/api';
import { createAppStore } from '../../../renderer/store';
import { fakeConnection } from './fake-api';
import { mountApp } from './mount-app';

afterEach(cleanup);

const row: RunSummary = {
  runId: 'r1',
  folder: 'r1',
  runbook: { id: 'demo', version: '1.0.0', title: 'Demo restore', sha256: 'f'.repeat(64) },
  mode: 'drill',
  t0: '2026-01-01T10:00:00.000Z',
  startedAt: '2026-01-01T10:01:00.000Z',
  status: 'completed',
  stepsDone: 3,
  stepsTotal: 3,
  reports: 1,
  report: { file: 'reports/r1-a.pdf', checking: true },
  outcome: {
    result: 'recovered',
    counts: { total: 3, done: 3, skipped: 0, skippedAfterFailure: 0, overridden: 0, failed: 0, notDone: 0 },
    reasons: [],
    final: true,
  },
};

async function mountList(answers: RunSummary[][]) {
  window.location.hash = '#/';
  const { conn } = fakeConnection('jane');
  let listed = 0;
  let tell: ((e: EngineEvent) => void) | undefined;
  Object.assign(conn.api, {
    listRuns: async () => answers[Math.min(listed++, answers.length - 1)],
    onEvent: (l: (e: EngineEvent) => void) => ((tell = l), () => {}),
  });
  await mountApp(createAppStore(conn));
  return { listings: () => listed, tell: (e: EngineEvent) => act(async () => tell!(e)) };
}

describe('run list: a report being checked', () => {
  it('says "… CHECKING REPORT" (a status with a name, neutral), never verified', async () => {
    await mountList([[row]]);
    const badge = await screen.findByRole('status', { name: 'Signed report: checking whether it verifies' });
    expect(badge.textContent).toBe('… CHECKING REPORT');
    expect(badge.className).toBe('badge badge-report-checking');
    expect(badge.getAttribute('title')).toBe(
      '1 signed report kept with this run; the newest, reports/r1-a.pdf, is being checked (not verified yet)',
    );
    expect(screen.queryByText('✓ SIGNED REPORT')).toBeNull();
    expect(screen.queryByText('✗ REPORT DOES NOT VERIFY')).toBeNull();
  });

  it('runs.reports-checked reloads the list: the verdict replaces "checking"', async () => {
    const verdict = { file: 'reports/r1-a.pdf', verifies: false, intact: false, detail: 'evidence: outputs/x.log changed' };
    const list = await mountList([[row], [{ ...row, report: verdict }]]);
    await screen.findByText('… CHECKING REPORT');
    expect(list.listings()).toBe(1);
    await list.tell({ type: 'runs.reports-checked' });
    const badge = await screen.findByText('✗ REPORT DOES NOT VERIFY');
    expect(badge.getAttribute('title')).toMatch(/does not verify: evidence: outputs\/x\.log changed$/);
    expect(screen.queryByText('… CHECKING REPORT')).toBeNull();
    expect(list.listings()).toBe(2);
  });
});
