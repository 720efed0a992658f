// The background report checks of the run list, on real run folders whose newest "report"
// cannot be read (a folder named like one: reading it fails with EISDIR): the failure becomes a
// "could not be checked" verdict, reloads while the files are unchanged do not check again
// (two windows reloading on each other's events would never stop), a changed file is checked
// again, and a failed check is tried again only after FAILED_CHECK_RETRY_MS.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportsVerified } from '../../../core/register/report-badge';
import { FAILED_CHECK_RETRY_MS, ReportBadgeChecks } from '../../../core/register/report-badge-checks';

let base: string;
beforeAll(async () => void (base = await mkdtemp(path.join(os.tmpdir(), 'drillbook-badge-checks-'))));
afterAll(() => rm(base, { recursive: true, force: true }));

const REPORT = 'r1-20261101T100000Z.pdf';

async function runFolder(name: string): Promise<string> {
  const dir = path.join(base, name);
  await mkdir(path.join(dir, 'reports', REPORT), { recursive: true });
  await writeFile(path.join(dir, 'journal.jsonl'), '{}\n');
  return dir;
}

/** A checker whose batches are awaited through its `checked` call, on a clock the test moves. */
function checker() {
  const clock = { now: Date.parse('2026-11-01T12:00:00.000Z') };
  let told = 0;
  let waiting: (() => void) | undefined;
  const checks = new ReportBadgeChecks({
    now: () => clock.now,
    checked: () => {
      told += 1;
      waiting?.();
    },
  });
  const nextChecked = () => new Promise<void>((resolve) => (waiting = resolve));
  return { checks, clock, told: () => told, nextChecked };
}

describe('background report checks', () => {
  it('a check that fails is "could not be checked", kept while the files are unchanged, tried again after the retry time', async () => {
    const dir = await runFolder('unreadable');
    const { checks, clock, told, nextChecked } = checker();
    const before = reportsVerified();
    const done = nextChecked();
    expect(await checks.list([dir], new Map())).toEqual([{ count: 1, newest: { file: `reports/${REPORT}`, checking: true } }]);
    await done;
    const [row] = await checks.list([dir], new Map());
    expect(row).toMatchObject({ count: 1, newest: { file: `reports/${REPORT}`, verifies: false, intact: false } });
    expect((row!.newest as { detail: string }).detail).toMatch(/^the report could not be checked: .*EISDIR/);
    // Reloads (the event's, another window's) do not check again.
    await checks.list([dir], new Map());
    await checks.list([dir], new Map());
    expect(reportsVerified() - before).toBe(1);
    expect(told()).toBe(1);

    clock.now += FAILED_CHECK_RETRY_MS;
    const retried = nextChecked();
    const [again] = await checks.list([dir], new Map());
    expect(again!.newest).toMatchObject({ verifies: false, intact: false }); // the last verdict while it is tried again
    await retried;
    expect(reportsVerified() - before).toBe(2);
    expect(told()).toBe(2);
    await checks.close();
  });

  it('a file changed since the check: "checking" again, and checked again', async () => {
    const dir = await runFolder('changed');
    const { checks, nextChecked } = checker();
    const before = reportsVerified();
    let done = nextChecked();
    await checks.list([dir], new Map());
    await done;
    expect((await checks.list([dir], new Map()))[0]!.newest).toMatchObject({ verifies: false });
    await writeFile(path.join(dir, 'journal.jsonl'), '{}\n{}\n');
    done = nextChecked();
    expect((await checks.list([dir], new Map()))[0]!.newest).toEqual({ file: `reports/${REPORT}`, checking: true });
    await done;
    expect(reportsVerified() - before).toBe(2);
    await checks.close();
  });

  it('after close() no check starts and nothing is told', async () => {
    const dir = await runFolder('closed');
    const { checks, told } = checker();
    const before = reportsVerified();
    await checks.close();
    expect((await checks.list([dir], new Map()))[0]!.newest).toEqual({ file: `reports/${REPORT}`, checking: true });
    await checks.close();
    expect(reportsVerified() - before).toBe(0);
    expect(told()).toBe(0);
  });
});
