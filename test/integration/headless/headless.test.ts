// `drillbook run --headless`, `--resume` and `status` as scripts and CI use them: a real CLI
// process, real bash, temp folders; exit codes, progress on stderr, the journal and evidence.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../../core/run/journal';
import { reduce } from '../../../core/run/reduce';
import { lockRun } from '../../../core/run/run-lock';
import { sha256 } from '../../unit/run/helpers';
import { bundleCli, drillbook, removeCli } from './cli';

let cli: string;
let tmp: string;
beforeAll(async () => {
  cli = await bundleCli();
  tmp = mkdtempSync(path.join(tmpdir(), 'drillbook-headless-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  removeCli(cli);
});

let n = 0;
const fresh = () => path.join(tmp, `case-${++n}`);

const runbook = (work: string, body = '') => `---
id: nightly
title: Nightly restore test
version: 1.0.0
rto: 1h
params:
  label: { required: true }
hosts:
  db: { description: Database server }
---

# Prepare {budget=10m}

- [ ] Announce the test {id=announce}

## Write the label {id=write estimate=1m}

\`\`\`bash {host=local}
printf '%s' {{label}} > "${work}/label"; echo "wrote label"
\`\`\`

# Verify {budget=20m}

## Check the label {id=check}

\`\`\`bash {host=local}
test "$(cat "${work}/label")" = {{label}} && echo ok
\`\`\`
${body}
# Close {budget=5m}

- [ ] Sign the log {id=sign}
`;

function setup(body = '') {
  const dir = fresh();
  const work = path.join(dir, 'work');
  mkdirSync(work, { recursive: true });
  const file = path.join(dir, 'nightly.md');
  writeFileSync(file, runbook(work, body));
  return { dir, work, file, out: path.join(dir, 'run') };
}

async function events(runDir: string) {
  const r = await readJournal(runDir);
  return { ...r, state: reduce(r.events, r.head) };
}

describe('drillbook run --headless', () => {
  it('walks every step, exits 0, prints the run folder and per-step progress', async () => {
    const s = setup();
    const label = `it's "$(touch ${s.work}/pwned)"`;
    const r = await drillbook(cli, ['run', s.file, '--headless', '--out', s.out, '--param', `label=${label}`, '--actor', 'cron']);
    expect(r.stderr).toMatch(/\[1\/4\] announce: confirmed \(manual step, --manual confirm\)/);
    expect(r.stderr).toMatch(/\[2\/4\] write: running \(attempt 1 on local\)\n\[2\/4\] write: succeeded in/);
    expect(r.stderr).toMatch(/run ended RECOVERED; 4 done of 4 steps \(2 executed, 2 confirmed, 0 skipped\)/);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(s.out);
    expect(readFileSync(path.join(s.work, 'label'), 'utf8')).toBe(label);
    expect(existsSync(path.join(s.work, 'pwned'))).toBe(false);
    const { state, events: evs } = await events(s.out);
    expect(state.status).toBe('completed');
    expect(Object.values(state.steps).map((x) => `${x.stepId}:${x.status}:${x.by}`)).toEqual([
      'announce:done:cron',
      'write:done:cron',
      'check:done:cron',
      'sign:done:cron',
    ]);
    expect(readFileSync(path.join(s.out, 'runbook.md'), 'utf8')).toBe(readFileSync(s.file, 'utf8'));
    for (const e of evs) {
      if (e.type !== 'step.host.finished') continue;
      const bytes = readFileSync(path.join(s.out, e.data.evidence.file));
      expect(e.data.evidence).toMatchObject({ sha256: sha256(bytes), bytes: bytes.length });
    }
    // The lock file stays (removing it would race a process about to lock it), unlocked and blank.
    expect(readFileSync(path.join(s.out, 'run.lock'), 'utf8')).toBe('');
  });

  it('--manual skip skips manual steps with that reason; --manual fail stops the run with exit 1', async () => {
    const s = setup();
    const skip = await drillbook(cli, ['run', s.file, '--headless', '--out', s.out, '--param', 'label=x', '--manual', 'skip']);
    expect(skip.code).toBe(0);
    expect(skip.stderr).toMatch(/run ended RECOVERED WITH DEVIATIONS \(2 steps skipped\); 2 done, 2 skipped of 4 steps/);
    const st = (await events(s.out)).state;
    expect(st.steps.announce).toMatchObject({ status: 'skipped', reason: 'headless run: --manual skip (manual step)' });
    expect(st.steps.write?.status).toBe('done');

    const out2 = `${s.out}-fail`;
    const fail = await drillbook(cli, ['run', s.file, '--headless', '--out', out2, '--param', 'label=x', '--manual', 'fail']);
    expect(fail.code).toBe(1);
    expect(fail.stderr).toMatch(/announce: manual step: stopping \(--manual fail\)/);
    const st2 = (await events(out2)).state;
    expect(st2.status).toBe('aborted');
    expect(st2.steps.write).toBeUndefined();
  });

  it('a failing command stops the run (exit 1) and shows its last output; continue-on-failure goes on', async () => {
    const s = setup(`
## Breaks {id=breaks}

\`\`\`bash {host=local}
echo "disk full" >&2; exit 4
\`\`\`
`);
    const r = await drillbook(cli, ['run', s.file, '--headless', '--out', s.out, '--param', 'label=x']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /breaks: failed after .*: exit 4 \(expected 0\)\n {2}last output from local \(full output: outputs\/breaks-local-1.log\):\n {2}\| disk full/,
    );
    expect(r.stderr).toMatch(/run aborted: step "breaks" failed: exit 4.*; ABORTED/);
    const st = (await events(s.out)).state;
    expect(st).toMatchObject({ status: 'aborted' });
    expect(st.steps.sign).toBeUndefined();

    const c = setup(`
## Breaks {id=breaks continue-on-failure}

\`\`\`bash {host=local}
exit 4
\`\`\`
`);
    // The author tolerates this failure: recovered, with the failure named as a deviation (exit 0).
    const r2 = await drillbook(cli, ['run', c.file, '--headless', '--out', c.out, '--param', 'label=x']);
    expect(r2.code).toBe(0);
    expect(r2.stderr).toMatch(
      /run ended RECOVERED WITH DEVIATIONS \(1 step failed \(continue-on-failure\)\); 4 done, 1 failed of 5 steps; failed \(continue-on-failure\): breaks/,
    );
    expect((await events(c.out)).state.steps.sign?.status).toBe('done');
  });

  it('refuses bad input before creating anything', async () => {
    const s = setup(`
## On the database {id=remote}

\`\`\`bash {host=db}
true
\`\`\`
`);
    const base = ['run', s.file, '--headless', '--out', s.out];
    // Could not run at all: exit 2, nothing created.
    const unbound = await drillbook(cli, [...base, '--param', 'label=x']);
    expect(unbound.code).toBe(2);
    expect(unbound.stderr).toMatch(
      /step "remote" runs on host role "db", but this run has no host bound to it; bind one when the run starts \(e\.g\. --bind db=HOST\)/,
    );
    const unknown = await drillbook(cli, [
      ...base,
      '--param',
      'label=x',
      '--bind',
      'db=db-1',
      '--inventory',
      s.file.replace('nightly.md', 'none.yaml'),
    ]);
    expect(unknown.stderr).toMatch(/no such file/);
    writeFileSync(path.join(s.dir, 'inventory.yaml'), 'hosts: {}\n');
    const notThere = await drillbook(cli, [
      ...base,
      '--param',
      'label=x',
      '--bind',
      'db=db-1',
      '--inventory',
      path.join(s.dir, 'inventory.yaml'),
    ]);
    expect(notThere.stderr).toMatch(/role "db": no host or group "db-1" in the inventory/);
    expect((await drillbook(cli, [...base, '--param', 'label=x', '--bind', 'dbx=h'])).stderr).toMatch(
      /no host role "dbx" \(it declares db\)/,
    );
    expect((await drillbook(cli, [...base])).stderr).toMatch(/missing required parameter "label"/);
    expect((await drillbook(cli, [...base, '--param', 'label=x', '--param', 'lable=y'])).stderr).toMatch(/unknown parameter "lable"/);
    expect(existsSync(s.out)).toBe(false);
    mkdirSync(s.out);
    writeFileSync(path.join(s.out, 'x'), '');
    const busy = await drillbook(cli, ['run', setup().file, '--headless', '--out', s.out, '--param', 'label=x']);
    expect(busy.code).toBe(2);
    expect(busy.stderr).toMatch(/the folder is not empty/);
    const broken = path.join(fresh() + '.md');
    writeFileSync(broken, '---\nid: x\ntitle: X\nversion: 1.0.0\ncolour: red\n---\n\n# P\n\n- [ ] s\n');
    const lint = await drillbook(cli, ['run', broken, '--headless', '--out', fresh()]);
    expect(lint.code).toBe(2);
    expect(lint.stderr).toMatch(new RegExp(`${broken.replace(/[.]/g, '\\.')}:5:1: .*colour`));
  });

  it('usage errors exit 2', async () => {
    const s = setup();
    expect((await drillbook(cli, ['run', s.file])).stderr).toMatch(/add --headless/);
    expect((await drillbook(cli, ['run', s.file, '--headless', '--manual', 'maybe'])).code).toBe(2);
    expect((await drillbook(cli, ['run', s.file, '--headless', '--bind', 'db'])).code).toBe(2);
    expect((await drillbook(cli, ['run', '--resume', s.out, '--param', 'label=y'])).stderr).toMatch(/--param cannot change when resuming/);
    expect((await drillbook(cli, ['run', '--help'])).stdout).toMatch(/--resume RUN_DIR/);
  });
});

describe('drillbook run --resume', () => {
  it('SIGINT cancels the running step and leaves the run open; --resume reruns it, following the pinned runbook', async () => {
    const s = setup(
      `
## Slow the first time {id=slow}

\`\`\`bash {host=local}
if [ -e "$W/slow-done" ]; then echo again; exit 0; fi
touch "$W/slow-done"; echo waiting; sleep 30
\`\`\`
`.replaceAll('$W', path.join(tmp, `case-${n + 1}`, 'work')),
    );
    const r = await drillbook(cli, ['run', s.file, '--headless', '--out', s.out, '--param', 'label=x'], {
      onStart: (child, out) => {
        const t = setInterval(() => {
          // Once the command has begun (not just the step): its marker file exists.
          if (out.stderr.includes('slow: running') && existsSync(path.join(s.work, 'slow-done'))) {
            clearInterval(t);
            child.kill('SIGINT');
          }
        }, 20);
      },
    });
    expect(r.stderr).toMatch(/SIGINT: cancelling the running step; the run stays open for --resume/);
    expect(r.stderr).toMatch(/interrupted; the run is still open: continue it with drillbook run --resume/);
    expect(r.code).toBe(130);
    expect((await events(s.out)).state).toMatchObject({ status: 'active', steps: { slow: { status: 'failed', outcome: 'cancelled' } } });

    writeFileSync(s.file, readFileSync(s.file, 'utf8').replace('Announce the test', 'Announce the test loudly'));
    const resumed = await drillbook(cli, ['run', '--resume', s.out, s.file]);
    expect(resumed.stderr).toMatch(/note: .*nightly\.md changed since the run started .* following the pinned copy .*runbook\.md/);
    expect(resumed.stderr).toMatch(/slow: succeeded in .* \(attempt 2\)/);
    expect(resumed.code).toBe(0);
    const { state } = await events(s.out);
    expect(state.status).toBe('completed');
    expect(state.steps.slow).toMatchObject({ status: 'done', attempt: 2 });
    const again = await drillbook(cli, ['run', '--resume', s.out]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/the run already ended at .*: RECOVERED/);
  });

  it('refuses a run folder another live process holds, and a pinned runbook that was edited', async () => {
    const s = setup();
    await drillbook(cli, ['run', s.file, '--headless', '--out', s.out, '--param', 'label=x', '--manual', 'fail']);
    const held = await lockRun(s.out);
    const journal = readFileSync(path.join(s.out, 'journal.jsonl'));
    const locked = await drillbook(cli, ['run', '--resume', s.out]);
    await held.release();
    expect(locked.code).toBe(2);
    expect(locked.stderr).toMatch(new RegExp(`is in use by process ${process.pid} on \\S+ \\(since `));
    expect(readFileSync(path.join(s.out, 'journal.jsonl'))).toEqual(journal);
    // A note naming a process that is gone is taken over.
    writeFileSync(
      path.join(s.out, 'run.lock'),
      JSON.stringify({ pid: 2 ** 22 + 1, host: (await import('node:os')).hostname(), since: 'x' }),
    );
    expect((await drillbook(cli, ['run', '--resume', s.out])).stderr).toMatch(/the run already ended at .*: ABORTED/);
    writeFileSync(path.join(s.out, 'runbook.md'), readFileSync(path.join(s.out, 'runbook.md'), 'utf8') + '\n');
    const edited = await drillbook(cli, ['run', '--resume', s.out]);
    expect(edited.code).toBe(2);
    expect(edited.stderr).toMatch(/runbook\.md: SHA-256 .* does not match the pinned .*refusing to follow it/);
  });
});

describe('drillbook status', () => {
  it('prints step states and the RTO clock; --json has the clock fields', async () => {
    const s = setup();
    await drillbook(cli, ['run', s.file, '--headless', '--out', s.out, '--param', 'label=x']);
    const text = await drillbook(cli, ['status', s.out, '--tz', 'UTC']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Run .*: nightly@1\.0\.0 "Nightly restore test" — completed/);
    expect(text.stdout).toMatch(/RTO {8}1h \(deadline/);
    expect(text.stdout).toMatch(/✓ +write +done/);
    const json = await drillbook(cli, ['status', s.out, '--json']);
    const j = JSON.parse(json.stdout);
    expect(j).toMatchObject({ status: 'completed', rto: { targetMs: 3_600_000 }, runbook: { id: 'nightly' } });
    expect(typeof j.t0).toBe('string');
    expect(typeof j.projectedEnd).toBe('string');
    expect(typeof j.rto.elapsedMs).toBe('number');
    // Ended: nothing remains; the RTO's claim is the report's.
    expect(j.rto.remainingMs).toBeUndefined();
    expect(j.rto).toMatchObject({ claim: 'met', claimText: expect.stringMatching(/^RTO met/) });
    expect(j.phases.map((p: { id: string; budgetMs: number; state: string }) => [p.id, p.budgetMs, p.state])).toEqual([
      ['prepare', 600_000, 'done'],
      ['verify', 1_200_000, 'done'],
      ['close', 300_000, 'done'],
    ]);
    const write = j.steps.find((x: { id: string }) => x.id === 'write');
    expect(write).toMatchObject({
      state: 'done',
      estimateMs: 60_000,
      late: false,
      kind: 'command',
      attempt: 1,
      outcome: 'succeeded',
      hosts: { local: { exitCode: 0 } },
    });
    expect(typeof write.start).toBe('string');
    expect(typeof write.end).toBe('string');
  });

  it('names the problem: unknown folder, not a run folder, corrupt journal (with its line)', async () => {
    const missing = await drillbook(cli, ['status', path.join(tmp, 'nope')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope: no such run folder/);
    const empty = fresh();
    mkdirSync(empty);
    expect((await drillbook(cli, ['status', empty])).stderr).toMatch(/not a run folder \(no journal\.jsonl\)/);
    const s = setup();
    await drillbook(cli, ['run', s.file, '--headless', '--out', s.out, '--param', 'label=x']);
    const file = path.join(s.out, 'journal.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[2] = lines[2]!.replace('"actor":"headless"', '"actor":"mallory"');
    writeFileSync(file, lines.join('\n'));
    const bad = await drillbook(cli, ['status', s.out]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /journal\.jsonl:4: hash chain broken: prev does not match line 3: the journal cannot be trusted past this line/,
    );
    const resume = await drillbook(cli, ['run', '--resume', s.out]);
    expect(resume.code).toBe(2);
    expect(resume.stderr).toMatch(/journal\.jsonl:4: hash chain broken/);
  });
});
