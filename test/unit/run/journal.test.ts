import { readFile, writeFile, appendFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal, JournalError } from '../../../core/run/journal';
import { at, sha256, started, tempDir } from './helpers';

async function threeEvents(dir: string) {
  const { journal } = await Journal.create(dir, started(), at(0));
  await journal.append({ actor: 'jane', type: 'step.completed', data: { stepId: 'a' } }, at(1));
  await journal.append({ actor: 'bob', type: 'note.added', data: { stepId: 'a', text: 'looks "fine" ✓' } }, at(2));
  await journal.close();
  return path.join(dir, 'journal.jsonl');
}

describe('Journal', () => {
  it('writes one JSON object a line, keys in order, prev = sha256 of the previous line bytes', async () => {
    const dir = await tempDir();
    const file = await threeEvents(dir);
    const text = await readFile(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^\{"seq":1,"at":"2026-11-23T10:00:00.000Z","actor":"jane","type":"run.started","data":\{.*\},"prev":"0{64}"\}$/,
    );
    expect(lines[1]).toBe(
      `{"seq":2,"at":"2026-11-23T10:01:00.000Z","actor":"jane","type":"step.completed","data":{"stepId":"a"},"prev":"${sha256(lines[0]!)}"}`,
    );
    expect(JSON.parse(lines[2]!).prev).toBe(sha256(Buffer.from(lines[1]!, 'utf8')));
    expect(lines.map((l) => JSON.parse(l).seq)).toEqual([1, 2, 3]);
  });

  it('round-trips: reopen gives the same events and head, and appends chain on', async () => {
    const dir = await tempDir();
    const { journal } = await Journal.create(dir, started(), at(0));
    const e2 = await journal.append({ actor: 'jane', type: 'step.skipped', data: { stepId: 'b', reason: 'n/a' } }, at(1));
    const head = journal.head;
    await journal.close();
    const reopened = await Journal.open(dir);
    expect(reopened.problem).toBeUndefined();
    expect(reopened.events.map((e) => e.seq)).toEqual([1, 2]);
    expect(reopened.events[1]).toEqual(e2);
    expect(reopened.journal.head).toBe(head);
    const e3 = await reopened.journal.append({ actor: 'bob', type: 'step.reopened', data: { stepId: 'b' } }, at(2));
    expect(e3).toMatchObject({ seq: 3, prev: head, data: { stepId: 'b' } });
    expect(e3.data).not.toHaveProperty('reason');
    await reopened.journal.close();
    expect((await Journal.open(dir)).events).toHaveLength(3);
  });

  it('serializes concurrent appends', async () => {
    const dir = await tempDir();
    const { journal } = await Journal.create(dir, started(), at(0));
    const events = await Promise.all(
      Array.from({ length: 25 }, (_, i) => journal.append({ actor: 'a', type: 'note.added', data: { stepId: 's', text: `n${i}` } }, at(1))),
    );
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 2));
    await journal.close();
    const { events: read } = await Journal.open(dir);
    expect(read.map((e) => (e.type === 'note.added' ? e.data.text : '-'))).toEqual(['-', ...events.map((_, i) => `n${i}`)]);
  });

  it('refuses to create over an existing journal, and to append after close', async () => {
    const dir = await tempDir();
    const { journal } = await Journal.create(dir, started(), at(0));
    await expect(Journal.create(dir, started(), at(0))).rejects.toThrow(/EEXIST/);
    await journal.close();
    await expect(journal.append({ actor: 'a', type: 'note.added', data: { stepId: 's', text: 'x' } }, at(1))).rejects.toThrow(/closed/);
  });
});

describe('Journal: crash and tampering', () => {
  it('a torn last line is reported, moved to journal.torn and cut; acknowledged events stay; appends chain', async () => {
    const dir = await tempDir();
    const file = await threeEvents(dir);
    const good = await readFile(file);
    const next = `{"seq":4,"at":"2026-11-23T10:03:00.000Z","actor":"jane","type":"step.completed","data":{"stepId":"b"},"prev":"${sha256(good.subarray(0, -1).toString().split('\n')[2]!)}"}`;
    const half = next.slice(0, Math.floor(next.length / 2));
    await appendFile(file, half);

    const { journal, events, problem } = await Journal.open(dir);
    expect(problem).toMatch(/journal\.jsonl:4: torn last line \(\d+ bytes, never acknowledged\); moved to journal\.torn/);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(await readFile(file)).toEqual(good);
    expect(await readFile(path.join(dir, 'journal.torn'), 'utf8')).toBe(half + '\n');

    const e4 = await journal.append({ actor: 'jane', type: 'step.completed', data: { stepId: 'b' } }, at(3));
    expect(e4.seq).toBe(4);
    await journal.close();
    const again = await Journal.open(dir);
    expect(again.problem).toBeUndefined();
    expect(again.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  it('an acknowledged line cut short (its newline removed) is not called torn: the journal is refused', async () => {
    const dir = await tempDir();
    const file = await threeEvents(dir);
    const { journal } = await Journal.open(dir);
    await journal.append({ actor: 'jane', type: 'step.completed', data: { stepId: 'b' } }, at(3));
    await journal.close();
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, -1));
    await expectBroken(
      dir,
      4,
      /the journal ends after line 3, but 4 lines were acknowledged \(journal\.head\) \(line 4 is cut short: it was acknowledged, not torn\): lines were removed/,
    );
    expect(await readFile(file)).toEqual(bytes.subarray(0, -1)); // nothing cut or moved
  });

  it('deleting acknowledged lines from the end is reported, not taken for a shorter run', async () => {
    const dir = await tempDir();
    const file = await threeEvents(dir);
    const lines = (await readFile(file, 'utf8')).split('\n');
    await writeFile(file, lines.slice(0, 2).join('\n') + '\n'); // a valid chain of 2 lines
    await expectBroken(dir, 3, /the journal ends after line 2, but 3 lines were acknowledged \(journal\.head\): lines were removed/);
    // Lines appended by a process that crashed before it updated journal.head are fine.
    const dir2 = await tempDir();
    await threeEvents(dir2);
    const head = await readFile(path.join(dir2, 'journal.head'), 'utf8');
    const { journal } = await Journal.open(dir2);
    await journal.append({ actor: 'jane', type: 'step.completed', data: { stepId: 'b' } }, at(3));
    await journal.close();
    await writeFile(path.join(dir2, 'journal.head'), head);
    expect((await Journal.open(dir2)).events).toHaveLength(4);
  });

  async function expectBroken(dir: string, line: number, reason: RegExp) {
    const err = await Journal.open(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JournalError);
    expect((err as JournalError).line).toBe(line);
    expect((err as Error).message).toContain(path.join(dir, 'journal.jsonl') + `:${line}: `);
    expect((err as Error).message).toMatch(reason);
  }

  async function rewrite(file: string, edit: (lines: string[]) => string[]) {
    const lines = (await readFile(file, 'utf8')).slice(0, -1).split('\n');
    await writeFile(file, edit(lines).join('\n') + '\n');
  }

  it('one changed character in a middle line breaks the chain at the next line', async () => {
    const dir = await tempDir();
    const file = await threeEvents(dir);
    await rewrite(file, (l) => [l[0]!, l[1]!.replace('"stepId":"a"', '"stepId":"b"'), l[2]!]);
    await expectBroken(dir, 3, /hash chain broken: prev does not match line 2$/);
  });

  it('a middle line that no longer parses is named', async () => {
    const dir = await tempDir();
    const file = await threeEvents(dir);
    await rewrite(file, (l) => [l[0]!, l[1]!.replace('{"seq"', '{seq'), l[2]!]);
    await expectBroken(dir, 2, /not valid JSON/);
  });

  it('a deleted or reordered line is detected', async () => {
    const dir = await tempDir();
    const file = await threeEvents(dir);
    const original = await readFile(file);
    await rewrite(file, (l) => [l[0]!, l[2]!]);
    await expectBroken(dir, 2, /seq is 3, expected 2/);
    await writeFile(file, original);
    await rewrite(file, (l) => [l[0]!, l[2]!, l[1]!]);
    await expectBroken(dir, 2, /seq is 3, expected 2/);
  });

  it('a renumbered line whose prev was not recomputed breaks the chain', async () => {
    const dir = await tempDir();
    const file = await threeEvents(dir);
    await rewrite(file, (l) => [l[0]!, l[2]!.replace('"seq":3', '"seq":2')]);
    await expectBroken(dir, 2, /hash chain broken: prev does not match line 1/);
  });

  it('line 1 must have 64 zeros as prev, keys in order, a known type', async () => {
    const dir = await tempDir();
    const file = await threeEvents(dir);
    const original = await readFile(file);
    await rewrite(file, (l) => [l[0]!.replace(/"prev":"0{64}"/, `"prev":"${'1'.repeat(64)}"`), ...l.slice(1)]);
    await expectBroken(dir, 1, /prev must be 64 zeros on line 1/);
    await writeFile(file, original);
    await rewrite(file, (l) => [l[0]!, l[1]!.replace('"type":"step.completed"', '"type":"step.exploded"'), l[2]!]);
    await expectBroken(dir, 2, /unknown event type "step.exploded"/);
    await writeFile(file, original);
    await rewrite(file, (l) => [l[0]!.replace('{"seq":1,"at"', '{"at"').replace(',"actor"', ',"seq":1,"actor"'), ...l.slice(1)]);
    await expectBroken(dir, 1, /keys must be seq,at,actor,type,data,prev in this order/);
  });
});
