// The app's run list does not wait for report verification: a real run (the Engine, a command
// step with evidence) with a real signed report (`drillbook keys init` + `drillbook report`,
// Chromium's PDF). The first listing answers "checking" for a report never checked, the check
// runs in the background, runs.reports-checked follows, and the next listing has the verdict —
// the true one: a tampered report ends as does-not-verify, a report that cannot be read as
// "could not be checked". Listings during a check do not check the same report again, reloads
// do not check an unchanged report again, and close() does not leave a check running.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../core/engine';
import type { EngineEvent } from '../../../core/engine-events';
import { SETTLED_MS } from '../../../core/register/evidence-hashes';
import { reportsVerified } from '../../../core/register/report-badge';
import { reportChecksRunning } from '../../../core/register/report-badge-checks';
import type { RunSummary } from '../../../core/run/run-contract';
import { RunsList } from '../../../renderer/features/library/RunsList';
import { createAppStore, StoreContext } from '../../../renderer/store';
import { fakeConnection } from '../../unit/renderer/fake-api';
import { isChecking, listWithVerdicts, nextEvent, openEngine, signedRun, verdict } from './run-list-engine';

const fx = signedRun('drillbook-report-checks-');
const copyOf = fx.copyOf.bind(fx);

async function withEngine<T>(dataDir: string, use: (engine: Engine, events: EngineEvent[]) => Promise<T>): Promise<T> {
  const engine = await openEngine(dataDir);
  const events: EngineEvent[] = [];
  engine.on((e) => events.push(e));
  try {
    return await use(engine, events);
  } finally {
    await engine.close();
  }
}

const rendered = (runs: RunSummary[]): string =>
  renderToStaticMarkup(
    createElement(StoreContext.Provider, { value: createAppStore(fakeConnection('jane').conn) }, createElement(RunsList, { runs })),
  );

const checkingRow = () => ({
  runId: fx.built.runId,
  reports: 1,
  report: { file: expect.stringMatching(new RegExp(`^reports/${fx.built.runId}-\\d{8}T\\d{6}Z\\.pdf$`)), checking: true },
});

describe('run list: report verification in the background', () => {
  it('answers "checking" for a report never checked, then runs.reports-checked, then "✓ SIGNED REPORT"', async () => {
    const dataDir = await copyOf('intact');
    await withEngine(dataDir, async (engine, events) => {
      const checked = nextEvent(engine, 'runs.reports-checked');
      const [first] = await engine.listRuns();
      expect(first).toEqual(expect.objectContaining(checkingRow()));
      expect(Object.keys(first!.report!).sort()).toEqual(['checking', 'file']); // no verdict at all
      const html = rendered([first!]);
      expect(html).toContain('… CHECKING REPORT');
      expect(html).toMatch(/role="status" aria-label="Signed report: checking whether it verifies"/);
      expect(html).not.toContain('✓ SIGNED REPORT');
      expect(html).not.toContain('DOES NOT VERIFY');
      expect(events.filter((e) => e.type === 'runs.reports-checked')).toEqual([]);

      await checked;
      const [after] = await engine.listRuns();
      expect(verdict(after)).toMatchObject({ verifies: true, intact: true, signer: 'Alice Ops' });
      expect(rendered([after!])).toContain('✓ SIGNED REPORT');
    });
  }, 120_000);

  it('a tampered report (one evidence byte) ends as "✗ REPORT DOES NOT VERIFY" after the event, never verified', async () => {
    const evidence = path.relative(fx.built.runDir, fx.built.evidenceFile);
    const dataDir = await copyOf('tampered', async (runDir) => {
      const file = path.join(runDir, evidence);
      const bytes = await readFile(file);
      const i = bytes.indexOf('restored chunk 7');
      bytes[i] = bytes[i]! ^ 0x01;
      await writeFile(file, bytes);
    });
    await withEngine(dataDir, async (engine) => {
      const checked = nextEvent(engine, 'runs.reports-checked');
      const [first] = await engine.listRuns();
      expect(first).toEqual(expect.objectContaining(checkingRow()));
      await checked;
      const [after] = await engine.listRuns();
      expect(verdict(after)).toMatchObject({ verifies: false, intact: false });
      expect(verdict(after)!.detail).toMatch(/evidence/i);
      const html = rendered([after!]);
      expect(html).toContain('✗ REPORT DOES NOT VERIFY');
      expect(html).not.toContain('✓ SIGNED REPORT');
    });
  }, 120_000);

  it('listings while the check runs do not check the same report again: one verification, one event', async () => {
    const dataDir = await copyOf('coalesce');
    await withEngine(dataDir, async (engine, events) => {
      const before = reportsVerified();
      const checked = nextEvent(engine, 'runs.reports-checked');
      const burst = await Promise.all([engine.listRuns(), engine.listRuns(), engine.listRuns()]);
      for (const [row] of burst) expect(row).toEqual(expect.objectContaining(checkingRow()));
      await checked;
      expect(reportsVerified() - before).toBe(1);
      const [after] = await engine.listRuns(); // the verdict is kept: no new check, no new event
      expect(verdict(after)).toMatchObject({ verifies: true });
      expect(reportsVerified() - before).toBe(1);
      expect(events.filter((e) => e.type === 'runs.reports-checked')).toHaveLength(1);
    });
  }, 120_000);

  it('a verdict of files not settled yet is shown while they are unchanged, checked once more when they settle, then kept', async () => {
    const dataDir = await copyOf('settling'); // just copied: file times too recent to keep a verdict by
    await withEngine(dataDir, async (engine) => {
      const before = reportsVerified();
      expect((await listWithVerdicts(engine))[0]!.report).toMatchObject({ verifies: true });
      expect(verdict((await engine.listRuns())[0])).toMatchObject({ verifies: true }); // a reload: no new check
      expect(reportsVerified() - before).toBe(1);
      await new Promise((r) => setTimeout(r, SETTLED_MS + 200));
      const checked = nextEvent(engine, 'runs.reports-checked');
      expect(verdict((await engine.listRuns())[0])).toMatchObject({ verifies: true }); // shown while checked once more
      await checked;
      expect(reportsVerified() - before).toBe(2);
      expect(verdict((await engine.listRuns())[0])).toMatchObject({ verifies: true });
      expect(reportsVerified() - before).toBe(2);
    });
  }, 120_000);

  it('a report that cannot be read becomes "✗ REPORT DOES NOT VERIFY … could not be checked", not an unhandled rejection', async () => {
    // A newer "report" that is a folder: listed as the newest, and reading it fails (EISDIR).
    const bad = `${fx.built.runId}-29991231T235959Z.pdf`;
    const dataDir = await copyOf('unreadable', (runDir) => mkdir(path.join(runDir, 'reports', bad)));
    await withEngine(dataDir, async (engine) => {
      const checked = nextEvent(engine, 'runs.reports-checked');
      const [first] = await engine.listRuns();
      expect(first).toMatchObject({ reports: 2, report: { file: `reports/${bad}`, checking: true } });
      await checked;
      const [after] = await engine.listRuns();
      expect(verdict(after)).toMatchObject({ file: `reports/${bad}`, verifies: false, intact: false });
      expect(verdict(after)!.detail).toMatch(/^the report could not be checked: .*EISDIR/);
      expect(rendered([after!])).toContain('✗ REPORT DOES NOT VERIFY');
    });
  }, 120_000);

  it('close() while a check runs: no check is left running, nothing is told after', async () => {
    const dataDir = await copyOf('closing');
    const engine = await openEngine(dataDir);
    const events: EngineEvent[] = [];
    engine.on((e) => events.push(e));
    const [first] = await engine.listRuns();
    expect(isChecking(first!)).toBe(true);
    expect(reportChecksRunning()).toBe(1);
    await engine.close();
    expect(reportChecksRunning()).toBe(0);
    expect(events.filter((e) => e.type === 'runs.reports-checked')).toEqual([]);
    // A later engine on the same folder gets the verdict.
    await withEngine(dataDir, async (again) => {
      const checked = nextEvent(again, 'runs.reports-checked');
      const [row] = await again.listRuns();
      if (isChecking(row!)) await checked;
      expect(verdict((await again.listRuns())[0])).toMatchObject({ verifies: true });
    });
  }, 120_000);
});
