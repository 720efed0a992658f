// @vitest-environment jsdom
// The Register screen over a real register (the fixture programme read by the code the engine
// uses) and a stand-in connection: OVERDUE first, the team archive's last sync and last failure
// in words, and "Sync team runs" asks the engine and shows the register again.
import path from 'node:path';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Register, TeamSyncResult } from '../../../core/api';
import { readProgramme, registerOf } from '../../../core/register/programme';
import { createAppStore } from '../../../renderer/store';
import { fakeConnection } from '../renderer/fake-api';
import { mountApp } from '../renderer/mount-app';
import { tempDir } from '../run/helpers';
import { LIBRARY, NOW, writeLibrary, writeProgramme } from './fixture-runs';

afterEach(cleanup);

async function realRegister(): Promise<Register> {
  const base = await tempDir('drillbook-register-view-');
  await writeProgramme(path.join(base, 'data'));
  const lib = await writeLibrary(path.join(base, 'lib'), LIBRARY);
  const p = await readProgramme({ dataDir: path.join(base, 'data'), runbookDirs: [lib], now: NOW, teamConfigured: true });
  return registerOf(p);
}

describe('Register view', () => {
  it('lists OVERDUE first, says when the team archive last synced, and syncs on request', async () => {
    const reg = await realRegister();
    reg.sync = {
      configured: true,
      source: 's3://dr-evidence/team/',
      lastSync: '2026-11-29T08:00:00.000Z',
      lastAttempt: '2026-11-30T08:00:00.000Z',
      lastError: 'cannot reach http://127.0.0.1:9 (connection refused)',
      teamRuns: 2,
    };
    window.location.hash = '#/register';
    const { conn, calls } = fakeConnection('jane');
    let loads = 0;
    Object.assign(conn.api, {
      getRegister: async () => (loads++, reg),
      syncTeamRuns: async (): Promise<TeamSyncResult> => (
        calls.push(['syncTeamRuns', {}]),
        { source: 's3://dr-evidence/team/', ok: false, fetched: [], skipped: [], at: NOW.toISOString(), error: 'offline' }
      ),
    });
    await mountApp(createAppStore(conn));
    const table = await screen.findByRole('table', { name: 'Runbooks by what needs attention' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-runbook'))).toEqual(reg.entries.map((e) => e.runbook.id));
    expect(within(rows[0]!).getByText('OVERDUE')).toBeTruthy();
    expect(rows[1]!.textContent).toContain('drill overdue by 26d (every 30d)');
    const status = screen.getByRole('status');
    expect(status.textContent).toMatch(/Team archive s3:\/\/dr-evidence\/team\/: last synced .*2 team runs cached\./);
    expect(status.textContent).toContain('failed: cannot reach http://127.0.0.1:9 (connection refused)');
    const incidents = screen.getByRole('table', { name: 'Incidents' });
    expect(within(incidents).getAllByRole('row')).toHaveLength(2);
    expect(incidents.textContent).toContain('1h20m / 1h BREACHED');

    const before = loads;
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Sync team runs' }));
    });
    await waitFor(() => expect(loads).toBe(before + 1));
    expect(calls.filter((c) => c[0] === 'syncTeamRuns')).toHaveLength(1);
  });
});
