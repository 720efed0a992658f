// @vitest-environment jsdom
// The Register and History screens over runs that ended badly (real run folders, read by the code
// the engine uses) and a stand-in connection: an aborted drill's time is shown as the report's
// claim ("aborted after 57 ms / 30m", never "0s / 30m"), a runbook whose only drill was aborted
// is not "never" drilled, and the slowest phase says what it counted.
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { historiesOf, registerOf } from '../../../core/register/programme';
import { createAppStore } from '../../../renderer/store';
import { fakeConnection } from '../renderer/fake-api';
import { mountApp } from '../renderer/mount-app';
import { endedBadly } from './ended-badly-fixture';

afterEach(cleanup);

async function mount(hash: string) {
  const { p, ids } = await endedBadly();
  window.location.hash = hash;
  const { conn } = fakeConnection('jane');
  Object.assign(conn.api, {
    getRegister: async () => registerOf(p),
    getHistory: async ({ runbookId }: { runbookId: string }) => historiesOf(p, runbookId)[0]!,
  });
  await mountApp(createAppStore(conn));
  return ids;
}

describe('Register and History of drills that ended badly', () => {
  it('Register: the aborted only drill is shown as attempted and how it ended, its time as the claim', async () => {
    await mount('#/register');
    const table = await screen.findByRole('table', { name: 'Runbooks by what needs attention' });
    const lonely = within(table)
      .getAllByRole('row')
      .find((r) => r.getAttribute('data-runbook') === 'lonely')!;
    const cells = within(lonely).getAllByRole('cell');
    const text = cells.map((c) => c.textContent);
    expect(lonely.textContent).not.toMatch(/\bnever\b/);
    expect(text[1]).toMatch(
      /^aborted .*no drill counts toward the cadence yet \(an aborted drill does not count\)no drill has recovered yet$/,
    );
    expect(text[2]).toBe('ABORTED');
    expect(text[3]).toBe('aborted after 57 ms / 30m');
    const failover = within(table)
      .getAllByRole('row')
      .find((r) => r.getAttribute('data-runbook') === 'failover')!;
    expect(failover.textContent).toContain('aborted after 30m / 10m');
    expect(failover.textContent).toMatch(/the next due date counts the drill of .*\(an aborted drill does not count\)/);
    expect(failover.textContent).toMatch(/last recovered drill: /);
  });

  it('History: each run with its claim, and the slowest phase over phases done in recovered runs', async () => {
    const ids = await mount('#/history/failover');
    const table = await screen.findByRole('table', { name: 'Runs, oldest first' });
    const row = (id: string) => table.querySelector(`tr[data-run="${id}"]`)!;
    expect(within(row(ids.f1!) as HTMLElement).getAllByRole('cell')[2]!.textContent).toBe('6m / 10m');
    expect(within(row(ids.f2!) as HTMLElement).getAllByRole('cell')[2]!.textContent).toBe('not recovered (8m from T0) / 10m');
    expect(within(row(ids.f3!) as HTMLElement).getAllByRole('cell')[2]!.textContent).toBe('aborted after 30m / 10m');
    // Switch in the aborted run: 29m open until the abort, not a measured time.
    expect(within(row(ids.f3!) as HTMLElement).getAllByRole('cell')[4]!.textContent).toBe('29m / 5m LATE (not done)');
    expect(table.textContent).not.toMatch(/\b0s\b/);
    expect(document.querySelector('.slowest-phase')!.textContent).toBe(
      'Slowest phase: Prepare, mean 4m against a budget of 5m, longest 4m; late in 0 of 1 run. ' +
        '(counted: phases that ended done in the 1 of 3 ended runs that recovered; a phase an abort cut short, or one a run left unfinished, is no measured time.)',
    );
    expect(screen.getByRole('img', { name: /2 did not recover \(hatched: their time is no recovery time\)/ })).toBeTruthy();
  });

  it('History of a runbook with no recovered run: no slowest phase, and it says why', async () => {
    await mount('#/history/lonely');
    await screen.findByRole('table', { name: 'Runs, oldest first' });
    expect(document.querySelector('.slowest-phase')!.textContent).toBe(
      'Slowest phase: none measured (no ended run recovered with its phases done).',
    );
  });
});
