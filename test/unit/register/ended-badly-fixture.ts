// Run folders of drills that ended badly, written with the real run store and journal writer
// (writeRun): failover was drilled three times (recovered, then not recovered, then aborted
// after half an hour), lonely only once, aborted after 57 ms. The tests work out what the views
// must say from these minutes by hand.
import path from 'node:path';
import { readProgramme, type Programme } from '../../../core/register/programme';
import { tempDir } from '../run/helpers';
import { SIMPLE, writeLibrary, writeRun } from './fixture-runs';

/** Two phases of 5 minutes each, RTO 10m, drilled every 30 days. */
export const FAILOVER = `---
id: failover
title: Failover
version: 1.0.0
rto: 10m
drill: { every: 30d }
---

# Prepare {budget=5m}

- [ ] Declare the drill {id=declare estimate=1m}

# Switch {budget=5m}

- [ ] Switch the traffic {id=switch estimate=3m}
`;

export const LONELY = SIMPLE('lonely', 'Lonely', '30d');

export const ENDED_BADLY_NOW = new Date('2026-12-01T00:00:00.000Z');

export async function endedBadly(): Promise<{ p: Programme; dataDir: string; ids: Record<string, string> }> {
  const base = await tempDir('drillbook-ended-badly-');
  const dataDir = path.join(base, 'data');
  const ids: Record<string, string> = {};
  const put = async (name: string, p: Parameters<typeof writeRun>[1]) => (ids[name] = (await writeRun(dataDir, p)).runId);
  // Prepare 4m, Switch 2m: recovered in 6m.
  await put('f1', { source: FAILOVER, mode: 'drill', t0: '2026-11-02T10:00:00.000Z', ticks: { declare: 4, switch: 6 }, end: 6 });
  // Prepare 3m, then ended at 8m with the switch not done: not recovered.
  await put('f2', { source: FAILOVER, mode: 'drill', t0: '2026-11-05T10:00:00.000Z', ticks: { declare: 3 }, end: 8 });
  // Prepare 1m, then left until the abort at 30m: Switch "took" 29m, cut short.
  await put('f3', { source: FAILOVER, mode: 'drill', t0: '2026-11-20T10:00:00.000Z', ticks: { declare: 1 }, end: 30, aborted: true });
  await put('l1', { source: LONELY, mode: 'drill', t0: '2026-11-30T10:00:00.000Z', ticks: {}, end: 57 / 60_000, aborted: true });
  const lib = await writeLibrary(path.join(dataDir, 'library'), { 'failover.md': FAILOVER, 'lonely.md': LONELY });
  const p = await readProgramme({ dataDir, runbookDirs: [lib], now: ENDED_BADLY_NOW, teamConfigured: false });
  return { p, dataDir, ids };
}
