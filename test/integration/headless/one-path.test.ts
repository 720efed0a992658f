// One engine, one path: the same runbook, parameters and answers, run once by
// `drillbook run --headless` and once by a commander clicking through the app (a real
// `drillbook serve` process driven over its WebSocket contract), give the same journal and
// the same evidence, apart from times, ids and hashes that contain them.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunView } from '../../../core/api';
import { readJournal } from '../../../core/run/journal';
import { killServer, serve, type Served } from '../lifeline/serve-client';
import { bundleCli, drillbook, removeCli } from './cli';

let cli: string;
let tmp: string;
let server: Served | undefined;
beforeAll(async () => {
  cli = await bundleCli();
  tmp = mkdtempSync(path.join(tmpdir(), 'drillbook-one-path-'));
});
afterAll(async () => {
  if (server) await killServer(server);
  rmSync(tmp, { recursive: true, force: true });
  removeCli(cli);
});

// A manual step, a parameter, a retry after a failure, a gate, a tolerated failure.
const runbook = (work: string) => `---
id: paths
title: Both paths
version: 1.0.0
rto: 1h
params:
  label: { required: true }
---

# Prepare {budget=10m}

## Announce {id=announce}

Tell the channel.

## Write {id=write}

\`\`\`bash {host=local}
printf 'label=%s\\n' {{label}}
\`\`\`

# Verify {budget=20m}

## Flaky {id=flaky retries=1}

\`\`\`bash {host=local}
if [ -e "${work}/$DRILLBOOK_RUN_ID.flaky" ]; then echo second; else touch "${work}/$DRILLBOOK_RUN_ID.flaky"; echo first >&2; exit 3; fi
\`\`\`

## Approve {id=approve gate=approver}

Approve the restore.

## Tolerated {id=tolerated continue-on-failure}

\`\`\`bash {host=local}
exit 5
\`\`\`
`;

const ACTOR = 'headless';
const NOTE = 'headless run: --manual confirm';
const END_REASON = 'headless run (--manual confirm): 1 step failed (continue-on-failure); 1 earlier attempt failed';
const TIMELESS = new Set(['at', 'prev', 't0', 'durationMs', 'sha256', 'bytes']);

/** The journal without what differs between any two runs: times, the run id, the chain, evidence hashes. */
function normalized(events: unknown[], runId: string): unknown[] {
  const strip = (v: unknown, key?: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => strip(x));
    if (v && typeof v === 'object') {
      // The pinned runbook's hash is the same file's: kept.
      const keep = key === 'runbook';
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .filter(([k]) => keep || !TIMELESS.has(k))
          .map(([k, x]) => [k, strip(x, k)]),
      );
    }
    return v === runId ? 'RUN' : v;
  };
  return events.map((e) => strip(e));
}

/** Evidence files by name, with their start time and durations masked. */
function evidence(dir: string): Record<string, string> {
  const outputs = path.join(dir, 'outputs');
  return Object.fromEntries(
    readdirSync(outputs)
      .sort()
      .map((f) => [
        f,
        readFileSync(path.join(outputs, f), 'utf8')
          .replace(/started \S+/, 'started T')
          .replace(/after [\d.]+ s/g, 'after N s'),
      ]),
  );
}

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('headless and app runs take one path through the engine', () => {
  it('the same runbook and answers give the same journal and evidence', { timeout: 120_000 }, async () => {
    const work = path.join(tmp, 'work');
    const library = path.join(tmp, 'library');
    for (const d of [work, library]) mkdirSync(d);
    const file = path.join(library, 'paths.md');
    writeFileSync(file, runbook(work));

    // The scheduler's way.
    const out = path.join(tmp, 'headless-run');
    const ran = await drillbook(cli, [
      'run',
      file,
      '--headless',
      '--out',
      out,
      '--param',
      'label=x y',
      '--data-dir',
      path.join(tmp, 'cli-data'),
    ]);
    expect({ code: ran.code, stderr: ran.stderr }).toMatchObject({ code: 0 });

    // The commander's way: the app's server, the same clicks in the same order.
    const data = path.join(tmp, 'app-data');
    server = await serve(data, library);
    const call = server.call;
    const { state } = await call<RunView>('startRun', {
      id: 'paths',
      version: '1.0.0',
      mode: 'drill',
      actor: ACTOR,
      params: { label: 'x y' },
    });
    const runId = state.runId;
    const runToEnd = async (stepId: string) => {
      await call('runStep', { runId, stepId, actor: ACTOR });
      await until(`${stepId} to finish`, async () => {
        const v = await call<RunView>('getRun', { runId });
        return v.state.steps[stepId]?.status === 'running' ? undefined : v;
      });
    };
    await call('completeStep', { runId, stepId: 'announce', actor: ACTOR, note: NOTE });
    await runToEnd('write');
    await runToEnd('flaky');
    await call('addParticipant', { runId, actor: ACTOR, name: ACTOR, role: 'approver' });
    await call('signGate', { runId, stepId: 'approve', actor: ACTOR, comment: NOTE });
    await call('completeStep', { runId, stepId: 'approve', actor: ACTOR, note: NOTE });
    await runToEnd('tolerated');
    await call('endRun', { runId, actor: ACTOR, outcome: 'completed', reason: END_REASON });
    const appDir = path.join(data, 'runs', runId);

    const headless = await readJournal(out);
    const app = await readJournal(appDir);
    const headlessId = (headless.events[0]!.data as { runId: string }).runId;
    expect(normalized(app.events, runId)).toEqual(normalized(headless.events, headlessId));
    // Not vacuous: every kind of event the runbook asks for is there.
    expect(new Set(app.events.map((e) => e.type))).toEqual(
      new Set([
        'run.started',
        'step.completed',
        'step.started',
        'step.host.finished',
        'step.finished',
        'participant.added',
        'gate.signed',
        'run.ended',
      ]),
    );
    expect(app.events.filter((e) => e.type === 'step.started' && (e.data as { stepId: string }).stepId === 'flaky')).toHaveLength(2);
    expect(evidence(appDir)).toEqual(evidence(out));
    expect(Object.keys(evidence(out))).toEqual(['flaky-local-1.log', 'flaky-local-2.log', 'tolerated-local-1.log', 'write-local-1.log']);
    expect(readFileSync(path.join(appDir, 'runbook.md'))).toEqual(readFileSync(path.join(out, 'runbook.md')));
  });
});
