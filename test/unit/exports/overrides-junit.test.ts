// Overrides in the JUnit export, on a run made through the real Engine: a command that failed
// (exit 2, real bash) and was accepted stays a <failure> with its output; a step marked done
// without running is <skipped>; the run recovered with deviations, so the outcome case passes.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../core/engine';
import { writeRunExports } from '../../../core/run/exports/write-exports';
import { memorySettingsStore } from '../../../core/settings';
import { root, tool } from '../../integration/report/cli-helpers';

const XSD = path.join(root, 'test/fixtures/junit/junit.xsd');
const xpath = (file: string, expr: string) => tool('xmllint', ['--xpath', expr, file]).stdout.replace(/\n$/, '');

const RUNBOOK = `---
id: cache-warmup
title: Cache warm-up
version: 1.0.0
---

# Warm {budget=10m}

## Probe the cache {id=probe}

\`\`\`bash {host=local}
echo "probing shard 7"; echo "shard 7 cold" >&2; exit 2
\`\`\`

## Optional reindex {id=reindex}

\`\`\`bash {host=local}
echo reindex
\`\`\`
`;

let base: string;
let junit: string;
beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'drillbook-overrides-'));
  const dataDir = path.join(base, 'data');
  const lib = path.join(base, 'lib');
  await mkdir(lib, { recursive: true });
  await writeFile(path.join(lib, 'cache.md'), RUNBOOK);
  const engine = await Engine.create({ dataDir, runbookDirs: [lib], settings: memorySettingsStore() });
  const actor = 'Jane Doe';
  try {
    const { state } = await engine.startRun({
      id: 'cache-warmup',
      version: '1.0.0',
      mode: 'drill',
      actor,
      params: {},
      participants: [{ name: actor, role: 'commander' }],
    });
    const runId = state.runId;
    const finished = new Promise<void>((resolve) => {
      const off = engine.on((e) => {
        if (e.type !== 'run.event' || e.event.type !== 'step.finished') return;
        off();
        resolve();
      });
    });
    await engine.runStep({ runId, stepId: 'probe', actor });
    await finished;
    await engine.overrideStep({ runId, stepId: 'probe', actor, reason: 'shard 7 is warmed by traffic within minutes' });
    await engine.overrideStep({ runId, stepId: 'reindex', actor, reason: 'reindexed last night' });
    await engine.endRun({ runId, actor, outcome: 'completed', reason: 'overrides as agreed' });
    junit = path.join(base, 'junit.xml');
    await writeRunExports(path.join(dataDir, 'runs', runId), { junit });
  } finally {
    await engine.close();
  }
});
afterAll(() => rm(base, { recursive: true, force: true }));

describe('JUnit export of overridden steps', () => {
  it('passes the schema', () => {
    const v = tool('xmllint', ['--noout', '--schema', XSD, junit]);
    expect(v.status, v.stderr).toBe(0);
  });

  it('an accepted failure is still a failure, with the reason, the exit code and the output', () => {
    const probe = '//testcase[starts-with(@name,"Probe the cache")]/failure';
    expect(xpath(junit, `string(${probe}/@type)`)).toBe('accepted-failure');
    expect(xpath(junit, `string(${probe}/@message)`)).toBe(
      'accepted despite failure by Jane Doe: shard 7 is warmed by traffic within minutes; attempt 1 failed: local: exit 2 (expected 0)',
    );
    expect(xpath(junit, `string(${probe})`)).toContain('err| shard 7 cold');
  });

  it('a step marked done without running is skipped, saying so; the run outcome passes', () => {
    expect(xpath(junit, 'string(//testcase[starts-with(@name,"Optional reindex")]/skipped/@message)')).toBe(
      'marked done without running by Jane Doe: reindexed last night',
    );
    expect(xpath(junit, 'count(//testcase[@name="run outcome"]/*[self::failure or self::error])')).toBe('0');
    expect(xpath(junit, 'string(//testcase[@name="run outcome"]/system-out)')).toMatch(
      /^RECOVERED WITH DEVIATIONS: 0 done, 2 overridden of 2 steps/,
    );
  });
});
