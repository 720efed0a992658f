// "Retry failed hosts only" against real sshd (test/env/sshd.sh, ports 63201-63203): a fan-out
// step fails on one host (its marker file is missing), the marker is made, and the retry runs
// on that host alone as attempt 2; the journal says so and the step ends done. Hosts that did
// not fail are refused.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../core/api';
import { Engine } from '../../../core/engine';
import { readJournal } from '../../../core/run/journal';
import { memorySettingsStore } from '../../../core/settings';
import { startFleet, tempDir, writeKnownHosts, type Fleet } from './fleet';

let fleet: Fleet;
let work: string;
let engine: Engine | undefined;
const marker = `/tmp/drillbook-retry-hosts-${process.pid}.marker`;

const runbook = `---
id: fan-restart
title: Fan-out restart
version: 1.0.0
hosts:
  app: { description: App servers, many: true }
---

# Restart {budget=10m}

## Restart the app {id=restart}

\`\`\`bash {host=app timeout=30s}
echo "attempt $DRILLBOOK_ATTEMPT on $DRILLBOOK_HOST"
if [ "$DRILLBOOK_HOST" = h2 ] && [ ! -e ${marker} ]; then echo "h2 not ready" >&2; exit 3; fi
\`\`\`
`;

beforeAll(() => {
  fleet = startFleet('retry-hosts', 3, 63200);
  work = tempDir('drillbook-retry-hosts-');
});
afterAll(() => {
  fleet?.stop();
  rmSync(marker, { force: true });
  if (work) rmSync(work, { recursive: true, force: true });
});
afterEach(async () => {
  await engine?.close();
  engine = undefined;
  rmSync(marker, { force: true });
});

async function setup(name: string) {
  const dataDir = path.join(work, name);
  const libDir = path.join(dataDir, 'lib');
  mkdirSync(libDir, { recursive: true });
  writeFileSync(path.join(libDir, 'fan-restart.md'), runbook);
  const knownHosts = writeKnownHosts(fleet, path.join(dataDir, 'known_hosts'));
  writeFileSync(
    path.join(dataDir, 'inventory.yaml'),
    `known_hosts: ${knownHosts}\nhosts:\n` +
      fleet.ports.map((p, i) => `  h${i + 1}: { address: 127.0.0.1, port: ${p}, user: ${fleet.user}, identity: ${fleet.key} }\n`).join(''),
  );
  engine = await Engine.create({
    dataDir,
    runbookDirs: [libDir],
    settings: memorySettingsStore(),
    ssh: { sshConfig: false, agent: false, defaultIdentities: [] },
  });
  const finishes: ((e: EngineEvent) => void)[] = [];
  engine.on((e) => finishes.forEach((f) => f(e)));
  const { state } = await engine.startRun({
    id: 'fan-restart',
    version: '1.0.0',
    mode: 'drill',
    actor: 'jane',
    bindings: { app: ['h1', 'h2', 'h3'] },
  });
  const runId = state.runId;
  /** runStep, then wait for that attempt's step.finished. */
  const run = async (hosts?: string[]) => {
    const done = new Promise<void>((resolve) =>
      finishes.push((e) => {
        if (e.type === 'run.event' && e.runId === runId && e.event.type === 'step.finished') resolve();
      }),
    );
    await engine!.runStep({ runId, stepId: 'restart', actor: 'jane', ...(hosts ? { hosts } : {}) });
    await done;
    finishes.length = 0;
    return (await engine!.getRun({ runId })).state.steps.restart!;
  };
  return { runId, run, runDir: path.join(dataDir, 'runs', runId) };
}

describe('retry failed hosts only, over SSH', () => {
  it('runs attempt 2 on the failed host alone and the step ends done', async () => {
    const s = await setup('retry');
    const first = await s.run();
    expect(first).toMatchObject({ status: 'failed', error: 'h2: exit 3 (expected 0)' });

    writeFileSync(marker, 'ready\n');
    const second = await s.run(['h2']);
    expect(second).toMatchObject({ status: 'done', outcome: 'succeeded', attempt: 2 });

    const events = (await readJournal(s.runDir)).events;
    expect(events.filter((e) => e.type === 'step.started').map((e) => e.data)).toEqual([
      { stepId: 'restart', attempt: 1, hosts: ['h1', 'h2', 'h3'] },
      { stepId: 'restart', attempt: 2, hosts: ['h2'] },
    ]);
    const results = events
      .filter((e) => e.type === 'step.host.finished')
      .map((e) => e.data as { attempt: number; host: string; exitCode: number });
    expect(results.map((r) => [r.attempt, r.host, r.exitCode]).sort()).toEqual([
      [1, 'h1', 0],
      [1, 'h2', 3],
      [1, 'h3', 0],
      [2, 'h2', 0],
    ]);
    const out = await engine!.getStepOutput({ runId: s.runId, stepId: 'restart', host: 'h2' });
    expect(out.hosts[0]!.segments.map((x) => x.text).join('')).toContain('attempt 2 on h2');
  });

  it('refuses a host that did not fail, and journals nothing', async () => {
    const s = await setup('refuse');
    await s.run();
    const before = (await readJournal(s.runDir)).events.length;
    await expect(engine!.runStep({ runId: s.runId, stepId: 'restart', actor: 'jane', hosts: ['h1'] })).rejects.toThrow(
      'cannot retry step "restart" on these hosts: "h1" did not fail in its last attempt; its failed hosts are h2',
    );
    expect((await readJournal(s.runDir)).events.length).toBe(before);
  });
});
