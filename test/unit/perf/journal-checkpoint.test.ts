// journal.checkpoint lets a long journal open without rehashing every line, and still catches
// any changed byte of the prefix it vouches for; folders without one open as before.
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal, JournalError, readJournal } from '../../../core/run/journal';
import { CHECKPOINT_FILE } from '../../../core/run/journal-checkpoint';
import { at, sha256, started, tempDir } from '../run/helpers';

const N = 1200;

/** A chained journal of `n` lines written directly (no fsync per line: this is setup). */
async function longJournal(dir: string, n = N): Promise<string[]> {
  const lines: string[] = [];
  let prev = '0'.repeat(64);
  for (let seq = 1; seq <= n; seq++) {
    const e = seq === 1 ? started() : { actor: 'jane', type: 'note.added', data: { stepId: 'a', text: `note number ${seq}` } };
    const line = JSON.stringify({ seq, at: at(seq % 60).toISOString(), actor: e.actor, type: e.type, data: e.data, prev });
    prev = sha256(line);
    lines.push(line);
  }
  await writeFile(path.join(dir, 'journal.jsonl'), lines.join('\n') + '\n');
  return lines;
}

/** Replace `from` by `to` (same length) inside line `lineNo` (1-based) of the file. */
async function patchLine(dir: string, lineNo: number, from: string, to: string): Promise<void> {
  const file = path.join(dir, 'journal.jsonl');
  const lines = (await readFile(file, 'utf8')).split('\n');
  expect(lines[lineNo - 1]).toContain(from);
  lines[lineNo - 1] = lines[lineNo - 1]!.replace(from, to);
  await writeFile(file, lines.join('\n'));
}

async function openAndClose(dir: string) {
  const r = await Journal.open(dir);
  await r.journal.close();
  return r;
}

describe('journal.checkpoint', () => {
  it('is written after a full verification and lets the next open skip rehashing the same events', async () => {
    const dir = await tempDir();
    const lines = await longJournal(dir);
    const first = await openAndClose(dir);
    expect(first.checkpointed).toBeUndefined();
    const cp = await readFile(path.join(dir, CHECKPOINT_FILE), 'utf8');
    const bytes = Buffer.byteLength(lines.join('\n') + '\n');
    const digest = createHash('sha256')
      .update(lines.join('\n') + '\n')
      .digest('hex');
    expect(cp).toBe(`drillbook-journal-checkpoint/1 ${N} ${bytes} ${sha256(lines.at(-1)!)} ${digest}\n`);

    const second = await openAndClose(dir);
    expect(second.checkpointed).toBe(N);
    expect(second.events).toEqual(first.events);
    expect(second.journal.head).toBe(first.journal.head);
  });

  it('covers appends made after it on close, and the appended lines chain on from its head', async () => {
    const dir = await tempDir();
    await longJournal(dir);
    const { journal } = await Journal.open(dir);
    for (let i = 0; i < 3; i++) await journal.append({ actor: 'bob', type: 'step.completed', data: { stepId: `s${i}` } }, at(1));
    const head = journal.head;
    await journal.close();
    const again = await openAndClose(dir);
    expect(again.checkpointed).toBe(N + 3);
    expect(again.journal.head).toBe(head);
    expect(again.events.at(-1)).toMatchObject({ seq: N + 3, data: { stepId: 's2' } });
  });

  it('still catches a changed byte before the checkpoint (opening and reading)', async () => {
    const dir = await tempDir();
    await longJournal(dir);
    await openAndClose(dir);
    await patchLine(dir, 500, 'note number 500', 'note number 501');
    await expect(Journal.open(dir)).rejects.toThrow(JournalError);
    const err = await readJournal(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JournalError);
    expect((err as JournalError).line).toBe(501);
    expect((err as JournalError).reason).toMatch(/hash chain broken: prev does not match line 500/);
  });

  it('takes no head on its word: a checkpoint naming another head for the same bytes is not used', async () => {
    const dir = await tempDir();
    const lines = await longJournal(dir);
    await openAndClose(dir);
    const cp = (await readFile(path.join(dir, CHECKPOINT_FILE), 'utf8')).split(' ');
    cp[3] = sha256('not the last line');
    await writeFile(path.join(dir, CHECKPOINT_FILE), cp.join(' '));
    const r = await openAndClose(dir);
    expect(r.checkpointed).toBeUndefined();
    expect(r.journal.head).toBe(sha256(lines.at(-1)!));
  });

  it('never lets a malformed line through, even when the checkpoint is forged to match it', async () => {
    const dir = await tempDir();
    await longJournal(dir);
    await openAndClose(dir);
    await patchLine(dir, 10, '"stepId":"a"', '"stepId":""');
    // Someone with write access re-signs the prefix: the hashes are skipped, the shape checks are not.
    const text = await readFile(path.join(dir, 'journal.jsonl'));
    const cp = (await readFile(path.join(dir, CHECKPOINT_FILE), 'utf8')).split(' ');
    cp[4] = createHash('sha256').update(text).digest('hex') + '\n';
    await writeFile(path.join(dir, CHECKPOINT_FILE), cp.join(' '));
    const err = await Journal.open(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JournalError);
    expect((err as JournalError).line).toBe(10);
  });

  it('a checkpoint re-signed over a changed prefix fools no reader that reports or verifies: readJournal checks every line', async () => {
    const dir = await tempDir();
    await longJournal(dir);
    await openAndClose(dir);
    await patchLine(dir, 500, 'note number 500', 'note number 5O0');
    const text = await readFile(path.join(dir, 'journal.jsonl'));
    const cp = (await readFile(path.join(dir, CHECKPOINT_FILE), 'utf8')).split(' ');
    cp[4] = createHash('sha256').update(text).digest('hex') + '\n';
    await writeFile(path.join(dir, CHECKPOINT_FILE), cp.join(' '));
    // The writer's open takes it (as it would a re-chained journal and journal.head)...
    expect((await openAndClose(dir)).checkpointed).toBe(N);
    // ...but `verify --run`, reports and exports read through readJournal, which trusts no checkpoint.
    const err = await readJournal(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JournalError);
    expect((err as JournalError).line).toBe(501);
  });

  it('an old run folder without a checkpoint (or with a damaged one) opens and verifies every line', async () => {
    const dir = await tempDir();
    await longJournal(dir);
    const plain = await openAndClose(dir);
    await rm(path.join(dir, CHECKPOINT_FILE));
    const old = await openAndClose(dir);
    expect(old.checkpointed).toBeUndefined();
    expect(old.events).toEqual(plain.events);
    await writeFile(
      path.join(dir, CHECKPOINT_FILE),
      'drillbook-journal-checkpoint/1 99999 99999999 ' + 'f'.repeat(64) + ' ' + 'e'.repeat(64) + '\n',
    );
    const damaged = await openAndClose(dir);
    expect(damaged.checkpointed).toBeUndefined();
    expect(damaged.events).toEqual(plain.events);
    expect((await openAndClose(dir)).checkpointed).toBe(N);
  });

  it('a journal cut short below the checkpoint is reported from journal.head as before', async () => {
    const dir = await tempDir();
    const { journal } = await Journal.create(dir, started(), at(0));
    for (let i = 0; i < N; i++) await journal.append({ actor: 'bob', type: 'note.added', data: { stepId: 'a', text: `n${i}` } }, at(1));
    await journal.close();
    const file = path.join(dir, 'journal.jsonl');
    const lines = (await readFile(file, 'utf8')).split('\n');
    await writeFile(file, lines.slice(0, 800).join('\n') + '\n');
    await expect(Journal.open(dir)).rejects.toThrow(/the journal ends after line 800, but 1201 lines were acknowledged/);
  }, 60_000);
});
