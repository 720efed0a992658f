// The commander's open hashes the journal in a worker thread (journal-scan.ts) and checks only
// the lines after journal.state with verifyChain from a start. What it then knows must be what a
// full read knows: the same events and line numbers, and checkpoint digests of exactly the bytes
// on disk; and runs opened at the same time each get their own journal's answer.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFile, open, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENESIS, JournalError, verifyChain } from '../../../core/run/chain';
import { Journal, readJournal } from '../../../core/run/journal';
import { CHECKPOINT_FILE } from '../../../core/run/journal-checkpoint';
import { scanHere, scanIn, scanJournal, scanWorker, workerScans } from '../../../core/run/journal-scan';
import { STATE_FILE } from '../../../core/run/journal-state';
import { reduce } from '../../../core/run/reduce';
import { sha256, tempDir } from '../run/helpers';
import { chain, iso, openState, text } from './journal-lines';

async function fullState(dir: string) {
  const read = await readJournal(dir);
  return reduce(read.events, read.head);
}

describe('verifyChain from a start', () => {
  it('gives the lines after a prefix exactly as the whole journal gives them: events, head, goodBytes, torn line', () => {
    const lines = chain(40);
    const whole = Buffer.from(text(lines) + '{"seq":41,"at"');
    const all = verifyChain(whole);
    for (const k of [1, 17, 39, 40]) {
      const offset = Buffer.byteLength(text(lines.slice(0, k)));
      const after = verifyChain(whole.subarray(offset), 'j', undefined, { lines: k, head: sha256(lines[k - 1]!), offset });
      expect(after.events).toEqual(all.events.slice(k));
      expect(after.head).toBe(all.head);
      expect(after.goodBytes).toBe(all.goodBytes);
      expect(after.torn).toEqual(all.torn);
    }
  });

  it('names a bad line by its number in the whole file, with the good events after the start', () => {
    const lines = chain(30);
    lines[24] = lines[24]!.replace('"n25 ✓"', '"n25 !"');
    const whole = Buffer.from(text(lines));
    const offset = Buffer.byteLength(text(lines.slice(0, 10)));
    const start = { lines: 10, head: sha256(lines[9]!), offset };
    const err = (() => {
      try {
        return verifyChain(whole.subarray(offset), 'j', undefined, start);
      } catch (e) {
        return e;
      }
    })() as JournalError;
    expect(err).toBeInstanceOf(JournalError);
    expect(err.line).toBe(26);
    expect(err.reason).toMatch(/hash chain broken: prev does not match line 25/);
    const wholeErr = (() => {
      try {
        return verifyChain(whole, 'j');
      } catch (e) {
        return e;
      }
    })() as JournalError;
    expect(wholeErr.line).toBe(26);
    expect(err.events).toEqual(wholeErr.events.slice(10));
    // A start whose head is not the line before: the first line after it does not chain.
    expect(() => verifyChain(whole.subarray(offset), 'j', undefined, { ...start, head: sha256('other') })).toThrow(
      /j:11: hash chain broken/,
    );
  });

  it('refuses a trusted prefix together with a start: the trusted prefix is counted from line 1', () => {
    const lines = chain(20);
    const whole = Buffer.from(text(lines));
    const offset = Buffer.byteLength(text(lines.slice(0, 5)));
    const trusted = { lines: 10, bytes: Buffer.byteLength(text(lines.slice(0, 10))), head: sha256(lines[9]!) };
    expect(() => verifyChain(whole.subarray(offset), 'j', trusted, { lines: 5, head: sha256(lines[4]!), offset })).toThrow(
      /verifyChain: a trusted prefix and a start cannot be combined/,
    );
  });
});

describe('the commander open through the scan worker', () => {
  it('after lines past the saved state and a torn tail, the checkpoint and state it saves name exactly the good bytes', async () => {
    const dir = await tempDir();
    const lines = chain(1500);
    await writeFile(path.join(dir, 'journal.jsonl'), text(lines));
    await openState(dir);
    const more = [...lines, ...chain(25, lines.length + 1, sha256(lines.at(-1)!))];
    await appendFile(path.join(dir, 'journal.jsonl'), text(more.slice(lines.length)) + `{"seq":${more.length + 1},"at":"20`);
    const r = await Journal.openState(dir);
    expect(r.saved).toBe(lines.length);
    expect(r.problem).toMatch(/torn last line/);
    expect(r.state).toEqual(await fullState(dir));
    // Saved during the open (lines were folded in): the digest is the SHA-256 of the good bytes, computed here.
    const good = text(more);
    expect(await readFile(path.join(dir, 'journal.jsonl'), 'utf8')).toBe(good);
    const digest = createHash('sha256').update(good).digest('hex');
    const cp = await readFile(path.join(dir, CHECKPOINT_FILE), 'utf8');
    expect(cp).toBe(`drillbook-journal-checkpoint/1 ${more.length} ${Buffer.byteLength(good)} ${sha256(more.at(-1)!)} ${digest}\n`);
    const header = (await readFile(path.join(dir, STATE_FILE), 'latin1')).split('\n')[0]!.split(' ');
    expect(header.slice(1, 5)).toEqual([String(more.length), String(Buffer.byteLength(good)), sha256(more.at(-1)!), digest]);
    // Appends chain on; closing saves a state the next open takes, equal to a full read.
    const event = await r.journal.append({ actor: 'bob', type: 'note.added', data: { stepId: 's1', text: 'after' } }, iso(9999));
    expect(event.prev).toBe(sha256(more.at(-1)!));
    const now = await fullState(dir);
    expect(now.lastSeq).toBe(more.length + 1);
    await r.journal.close(now); // saved at close: the prefix the open only knew by its digest is hashed again
    const again = await Journal.openState(dir);
    await again.journal.close();
    expect(again.saved).toBe(more.length + 1);
    expect(again.state).toEqual(now);
  });

  it('the worker and the in-thread scan give the same answer, the one computed here', async () => {
    const dir = await tempDir();
    const lines = chain(60);
    const file = path.join(dir, 'journal.jsonl');
    const bytes = Buffer.from(text(lines) + '{"seq":61');
    await writeFile(file, bytes);
    const w = await scanWorker();
    expect(w).toBeDefined();
    const body = Buffer.from(new SharedArrayBuffer(5));
    body.write('{"a":');
    const at = (k: number) => Buffer.byteLength(text(lines.slice(0, k)));
    const digestOf = (n: number) => createHash('sha256').update(bytes.subarray(0, n)).digest('hex');
    const good = at(60);
    for (const [prefixBytes, named, matches] of [
      [at(30), digestOf(at(30)), true],
      [at(1), digestOf(at(1)), true],
      [at(60), digestOf(at(60)), true],
      [at(30), digestOf(at(29)), false], // another prefix's digest
      [at(30) - 1, digestOf(at(30) - 1), false], // not at the end of a line
      [bytes.length + 10, digestOf(at(60)), false], // past the end
    ] as const) {
      const inWorker = await scanIn(w!, file, prefixBytes, named, body);
      const here = await scanHere(file, prefixBytes, named, body);
      expect(inWorker).toEqual(here);
      expect(here.prefixMatches).toBe(matches);
      expect(here.goodBytes).toBe(good);
      expect(here.good).toBe(digestOf(good));
      expect(here.body).toBe(sha256('{"a":'));
      expect(here.size).toBe(bytes.length);
      const from = matches ? bytes.lastIndexOf(0x0a, prefixBytes - 2) + 1 : 0;
      expect(here.from).toBe(matches && prefixBytes > 1 ? from : 0);
      expect(Buffer.compare(here.bytes, bytes.subarray(here.from))).toBe(0);
    }
    await expect(scanIn(w!, path.join(dir, 'missing'), 10, 'x', body)).rejects.toThrow(/ENOENT/);
  });

  it('a process whose long opens went through the worker ends by itself', () => {
    const child = path.join(__dirname, 'journal-scan-opens-child.ts');
    const r = spawnSync(process.execPath, ['--import', 'tsx', child], { encoding: 'utf8', timeout: 60_000 });
    expect(r.signal).toBeNull();
    expect(r.stderr).toBe('');
    // The second open scanned here (starting the worker), the third in the worker.
    expect(JSON.parse(r.stdout)).toEqual({ saved: [null, 1300, 1300], workerScans: [0, 0, 1] });
    expect(r.status).toBe(0);
  });

  it('a process waiting only for the worker gets it, then ends by itself', () => {
    const child = path.join(__dirname, 'journal-scan-child.ts');
    const r = spawnSync(process.execPath, ['--import', 'tsx', child], { encoding: 'utf8', timeout: 60_000 });
    expect(r.signal).toBeNull();
    expect(r.stdout.trim()).toBe('online');
    expect(r.status).toBe(0);
  });

  it('runs opened at the same time each get the state of their own journal', async () => {
    expect(await scanWorker()).toBeDefined(); // the reads below go through it
    const before = workerScans();
    const dirs = await Promise.all(Array.from({ length: 4 }, () => tempDir()));
    await Promise.all(
      dirs.map(async (dir, i) => {
        await writeFile(path.join(dir, 'journal.jsonl'), text(chain(1100 + i * 7, 1, GENESIS, `run-${i}`)));
        const r = await Journal.openState(dir);
        await r.journal.close(r.state);
      }),
    );
    const reads = await Promise.all(dirs.flatMap((dir) => [Journal.readState(dir), Journal.readState(dir)]));
    for (const [k, read] of reads.entries()) {
      const dir = dirs[k >> 1]!;
      expect(read.saved).toBe(1100 + (k >> 1) * 7);
      expect(read.state).toEqual(await fullState(dir));
      expect(read.state!.runId).toBe(`run-${k >> 1}`);
    }
    expect(workerScans() - before).toBe(reads.length); // each read's scan, none of them redone here
  });

  it('a prefix changed after the state was saved is found, the full read giving its error from the bytes the scan read', async () => {
    const dir = await tempDir();
    const lines = chain(1200);
    await writeFile(path.join(dir, 'journal.jsonl'), text(lines));
    await openState(dir);
    const changed = [...lines];
    changed[99] = changed[99]!.replace('"n100 ✓"', '"n100 x"');
    await writeFile(path.join(dir, 'journal.jsonl'), text(changed));
    const err = (await Journal.openState(dir).catch((e: unknown) => e)) as JournalError;
    expect(err).toBeInstanceOf(JournalError);
    expect(err.line).toBe(101);
    const full = (await readJournal(dir).catch((e: unknown) => e)) as JournalError;
    expect(full.line).toBe(101);
    expect(err.events).toEqual(full.events);
  });

  it('a read that stalls (a FIFO for journal.jsonl, never written) does not hold the opens of other runs behind it', async () => {
    const stalled = await tempDir();
    const other = await tempDir();
    const lines = chain(1100);
    for (const dir of [stalled, other]) {
      await writeFile(path.join(dir, 'journal.jsonl'), text(lines));
      await openState(dir);
    }
    const fifo = path.join(stalled, 'journal.jsonl');
    await rm(fifo);
    const made = spawnSync('mkfifo', [fifo], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    const worker = await scanWorker();
    expect(worker).toBeDefined();
    const was = process.env.DRILLBOOK_SCAN_DEADLINE_MS;
    process.env.DRILLBOOK_SCAN_DEADLINE_MS = '300';
    try {
      // Posted to the worker before the other run's open: it blocks in open() until a writer comes.
      const stuck = scanJournal(fifo, 10, 'x', Buffer.alloc(0)).then(
        (s) => s,
        (e: unknown) => e,
      );
      const stuckOpen = Journal.openState(stalled).then(
        (r) => r.journal.close(),
        (e: unknown) => e,
      );
      const r = await Journal.openState(other);
      await r.journal.close();
      expect(r.saved).toBe(lines.length);
      expect(r.state).toEqual(await fullState(other));
      // The stalled worker was given up; a fresh one takes the scans that follow.
      const fresh = await scanWorker();
      expect(fresh).toBeDefined();
      expect(fresh).not.toBe(worker);
      const before = workerScans();
      expect((await Journal.readState(other)).saved).toBe(lines.length);
      expect(workerScans()).toBe(before + 1);
      // A writer comes and goes: the stalled reads see an empty journal and end.
      const writer = await open(fifo, 'w');
      try {
        expect(((await stuck) as { size?: number }).size).toBe(0);
        await stuckOpen;
      } finally {
        await writer.close();
      }
    } finally {
      if (was === undefined) delete process.env.DRILLBOOK_SCAN_DEADLINE_MS;
      else process.env.DRILLBOOK_SCAN_DEADLINE_MS = was;
    }
  });
});
