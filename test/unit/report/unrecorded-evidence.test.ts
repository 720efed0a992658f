// `verify --run` flags output files nothing signed covers: a file no journal line names, and the
// output of an attempt left running by a process that has ended (not yet recorded). Output of an
// attempt a live process is running is expected to have no name yet.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { Journal } from '../../../core/run/journal';
import { unrecordedEvidenceCheck } from '../../../core/report/unrecorded-evidence';
import { at, sha256, started, tempDir } from '../run/helpers';

const root = path.resolve(import.meta.dirname, '../../..');
const holders: ChildProcess[] = [];
afterEach(() => {
  for (const c of holders.splice(0)) c.kill('SIGKILL');
});

/** A run whose "copy" attempt 1 finished on host a; attempt 2 was started on a and b and never finished. */
async function runFolder(): Promise<string> {
  const dir = await tempDir();
  await mkdir(path.join(dir, 'outputs'));
  const done = '# drillbook output v1\nout| ok\n# exit 0\n';
  await writeFile(path.join(dir, 'outputs/copy-a-1.log'), done);
  const { journal } = await Journal.create(dir, started(), at(0));
  await journal.append({ actor: 'jane', type: 'step.started', data: { stepId: 'copy', attempt: 1, hosts: ['a'] } }, at(1));
  const evidence = { file: 'outputs/copy-a-1.log', sha256: sha256(done), bytes: done.length };
  await journal.append(
    { actor: 'jane', type: 'step.host.finished', data: { stepId: 'copy', attempt: 1, host: 'a', exitCode: 0, durationMs: 5, evidence } },
    at(2),
  );
  await journal.append({ actor: 'jane', type: 'step.finished', data: { stepId: 'copy', attempt: 1, outcome: 'failed' } }, at(3));
  await journal.append({ actor: 'jane', type: 'step.started', data: { stepId: 'copy', attempt: 2, hosts: ['a', 'b'] } }, at(4));
  await journal.close();
  return dir;
}

describe('verify: output files nothing signed covers', () => {
  it('every file named by the journal: ok', async () => {
    const dir = await runFolder();
    expect(await unrecordedEvidenceCheck(dir)).toMatchObject({ ok: true });
  });

  it('a file no journal line names fails the check, naming it', async () => {
    const dir = await runFolder();
    await writeFile(path.join(dir, 'outputs/copy-c-1.log'), 'planted\n');
    const check = await unrecordedEvidenceCheck(dir);
    expect(check.ok).toBe(false);
    expect(check.detail).toMatch(/^outputs\/copy-c-1\.log: in the run folder, but no journal line names it/);
  });

  it('output of the open attempt: fails while no live process holds the run, ok while one does', async () => {
    const dir = await runFolder();
    await writeFile(path.join(dir, 'outputs/copy-b-2.log'), '# drillbook output v1\nout| half\n');
    const orphan = await unrecordedEvidenceCheck(dir);
    expect(orphan.ok).toBe(false);
    expect(orphan.detail).toMatch(
      /^outputs\/copy-b-2\.log: output of an attempt no Drillbook process is running and nobody has recorded yet/,
    );
    const holder = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test/unit/run/lock-holder.ts'), dir], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    holders.push(holder);
    await new Promise<void>((resolve) => createInterface({ input: holder.stdout! }).once('line', () => resolve()));
    expect(await unrecordedEvidenceCheck(dir)).toMatchObject({ ok: true });
  });

  it('partial output of an attempt an older Drillbook closed interrupted without recording it: ok, said to be uncovered', async () => {
    const dir = await runFolder();
    await writeFile(path.join(dir, 'outputs/copy-b-2.log'), '# drillbook output v1\nout| half\n');
    const { journal } = await Journal.open(dir);
    // As interruptedEvent wrote it before partial output was recorded: step.finished alone.
    await journal.append({ actor: 'jane', type: 'step.finished', data: { stepId: 'copy', attempt: 2, outcome: 'interrupted' } }, at(5));
    await journal.close();
    const check = await unrecordedEvidenceCheck(dir);
    expect(check.ok).toBe(true);
    expect(check.detail).toBe(
      'every other file in outputs/ is named by the journal; outputs/copy-b-2.log' +
        ': partial output of an attempt closed interrupted by an older Drillbook that did not record it, so nothing signed covers its content',
    );
    // A file planted beside it still fails.
    await writeFile(path.join(dir, 'outputs/copy-c-2.log'), 'planted\n');
    expect(await unrecordedEvidenceCheck(dir)).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/^outputs\/copy-c-2\.log: in the run folder/),
    });
  });
});
