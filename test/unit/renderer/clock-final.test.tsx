// @vitest-environment jsdom
// The RTO clock of an ended run says what the run's report says. The runs are real journals
// (createRun + Journal.append through the register's fixture writer), read back the way
// `drillbook status` and the report read them; the clock is rendered from that state.
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClockBar } from '../../../renderer/features/clock/ClockBar';
import { createAppStore, StoreContext } from '../../../renderer/store';
import { readFinishedRun } from '../../../core/run/exports/finished-run';
import { rtoVerdict } from '../../../core/report/report-html';
import { DB_RESTORE, writeRun, type RunPlan } from '../register/fixture-runs';
import { tempDir } from '../run/helpers';
import { fakeConnection } from './fake-api';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const T0 = '2026-11-02T10:00:00.000Z';
/** Well after every run below ended: an ended run's clock must not move with now. */
const LATER = new Date('2026-11-02T10:09:00.000Z');

async function clockOf(plan: Omit<RunPlan, 'source' | 'mode' | 't0'>) {
  const { dir } = await writeRun(await tempDir('drillbook-clock-'), { source: DB_RESTORE(), mode: 'drill', t0: T0, ...plan });
  const run = await readFinishedRun(dir, LATER);
  const store = createAppStore(fakeConnection('jane').conn);
  render(
    <StoreContext.Provider value={store}>
      <ClockBar view={{ state: run.state, runbook: run.runbook }} />
    </StoreContext.Provider>,
  );
  const rto = screen.getByRole('region', { name: 'RTO clock' }).querySelector<HTMLElement>('.clock-rto')!;
  return { rto, text: rto.textContent!, report: rtoVerdict(run.model).text, claim: run.model.rto.claim };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(LATER);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('RTO clock of an ended run', () => {
  it('a run aborted after 57 ms did not meet its RTO: no "met", no time to spare', async () => {
    const { rto, text, report, claim } = await clockOf({ ticks: {}, end: 57 / 60_000, aborted: true });
    expect(report).toBe('RTO NOT MET: run aborted after 57 ms (target 1h)');
    expect(claim).toBe('aborted');
    expect(rto.dataset.claim).toBe(claim);
    expect(text).toContain('✗ NOT MET');
    expect(text).toContain('RTO not met: run aborted after 57 ms');
    expect(text).not.toMatch(/\bmet,|spare|left/);
    expect(rto.className).toContain('is-breach');
  });

  it('a run ended with steps not done did not recover: not met, however fast', async () => {
    const { rto, text, claim } = await clockOf({ ticks: { declare: 2 }, end: 4 });
    expect(claim).toBe('not-recovered');
    expect(rto.dataset.claim).toBe(claim);
    expect(text).toContain('RTO not met: the run did not recover (4m from T0)');
    expect(text).not.toMatch(/spare|✓/);
  });

  it('a run that recovered inside the RTO met it, and says by how much', async () => {
    const { rto, text, claim } = await clockOf({ ticks: { declare: 1, restore: 3, check: 5 }, end: 5 });
    expect(claim).toBe('met');
    expect(rto.dataset.claim).toBe('met');
    expect(text).toContain('✓ MET');
    expect(text).toContain('RTO met: recovered in 5m, 55m inside the 1h target');
    expect(rto.className).not.toContain('is-breach');
  });

  it('a run that recovered past the RTO breached it', async () => {
    vi.setSystemTime(new Date('2026-11-02T12:00:00.000Z'));
    const { text, claim } = await clockOf({ ticks: { declare: 1, restore: 60, check: 70 }, end: 70 });
    expect(claim).toBe('breached');
    expect(text).toContain('✗ BREACHED');
    expect(text).toContain('RTO breached: recovered in 1h10m, 10m past the 1h target');
  });
});
