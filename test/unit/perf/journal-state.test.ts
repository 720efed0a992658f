// journal.state lets the commander's open of a long run skip parsing and folding the lines it was
// folded from. It must give exactly the state a full read gives, still catch any changed journal
// byte, and be ignored whenever it does not match the journal it sits beside.
import { appendFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fullState, openState } from './journal-lines';
import { GENESIS } from '../../../core/run/chain';
import { Journal, JournalError } from '../../../core/run/journal';
import { STATE_FILE } from '../../../core/run/journal-state';
import { REDUCER_MODULE, applyEvent } from '../../../core/run/reduce';
import { codeStamp } from '../../../core/code-stamp';
import { inspectRun, readRunFolder } from '../../../core/run/run-folder-read';
import { openRun } from '../../../core/run/run-store';
import { sha256, tempDir } from '../run/helpers';

const FIXTURES = path.join(__dirname, '../../fixtures/runbooks/good');
const T0 = Date.UTC(2026, 10, 23, 10, 0);
const iso = (seq: number) => new Date(T0 + seq * 1000).toISOString();
type Ev = { actor: string; type: string; data: object };

/** Ten events a step: two hosts, a failed attempt and a retry of one host, notes, a gate, skips, overrides, reopens. */
function stepEvents(i: number): Ev[] {
  const stepId = `step-${i}`;
  const ev = (evidence: string) => ({ file: `outputs/${stepId}-${evidence}.log`, sha256: 'c'.repeat(64), bytes: 100 + i });
  const out: Ev[] = [
    { actor: 'jane', type: 'step.started', data: { stepId, attempt: 1, hosts: ['db-1', 'db-2'] } },
    {
      actor: 'jane',
      type: 'step.host.finished',
      data: { stepId, attempt: 1, host: 'db-1', exitCode: 0, durationMs: 12, evidence: ev('db-1-1') },
    },
    {
      actor: 'jane',
      type: 'step.host.finished',
      data: {
        stepId,
        attempt: 1,
        host: 'db-2',
        exitCode: null,
        signal: 'SIGTERM',
        error: 'timed out',
        durationMs: 30_000,
        evidence: ev('db-2-1'),
      },
    },
    { actor: 'jane', type: 'step.finished', data: { stepId, attempt: 1, outcome: 'failed', error: 'db-2: timed out' } },
    { actor: 'bob', type: 'note.added', data: { stepId, text: `retrying db-2 ✓ (${i})` } },
    { actor: 'jane', type: 'step.started', data: { stepId, attempt: 2, hosts: ['db-2'] } },
    {
      actor: 'jane',
      type: 'step.host.finished',
      data: { stepId, attempt: 2, host: 'db-2', exitCode: i % 3 === 0 ? 1 : 0, durationMs: 40, evidence: ev('db-2-2') },
    },
    { actor: 'jane', type: 'step.finished', data: { stepId, attempt: 2, outcome: i % 3 === 0 ? 'failed' : 'succeeded' } },
  ];
  switch (i % 5) {
    case 0:
      out.push({
        actor: 'ann',
        type: 'step.overridden',
        data: { stepId, kind: 'accepted-failure', reason: 'known flake', bypassed: ['gate'] },
      });
      break;
    case 1:
      out.push({ actor: 'ann', type: 'gate.signed', data: { stepId, role: 'dba', comment: 'lag ok' } });
      out.push({
        actor: 'ann',
        type: 'gate.signed',
        data: { stepId, role: 'dba', confirmation: { method: 'key', certSha256: 'd'.repeat(64), publicKey: 'pk', signature: 'sig' } },
      });
      break;
    case 2:
      out.push({ actor: 'bob', type: 'step.skipped', data: { stepId, reason: 'not in this drill', bypassed: ['order'] } });
      out.push({ actor: 'bob', type: 'step.reopened', data: { stepId, reason: 'needed after all' } });
      break;
    case 3:
      out.push({ actor: 'jane', type: 'step.completed', data: { stepId, note: 'checked by hand' } });
      break;
    default:
      out.push({ actor: 'ann', type: 'step.overridden', data: { stepId, kind: 'not-run', reason: 'done out of band' } });
      out.push({ actor: 'ann', type: 'step.reopened', data: { stepId } });
  }
  if (i % 40 === 7) out.push({ actor: 'jane', type: 'participant.added', data: { name: `guest-${i}`, role: 'observer' } });
  return out;
}

const runStarted: Ev = {
  actor: 'jane',
  type: 'run.started',
  data: {
    runId: 'r1',
    runbook: { id: 'db', version: '1.0.0', title: 'DB restore', sha256: 'a'.repeat(64) },
    mode: 'incident',
    t0: '2026-11-23T09:55:00.000Z',
    params: { region: 'eu-west-1', target: 'db-restore' },
    bindings: { db: ['db-1', 'db-2'] },
    participants: [
      { name: 'jane', role: 'commander' },
      { name: 'ann', role: 'dba' },
    ],
  },
};

/** Journal lines chained here (independently of the code under test), from seq `from` on. */
function chain(events: Ev[], from = 1, prev = GENESIS): string[] {
  return events.map((e, k) => {
    const seq = from + k;
    const line = JSON.stringify({ seq, at: iso(seq), actor: e.actor, type: e.type, data: e.data, prev });
    prev = sha256(line);
    return line;
  });
}

/** A realistic run of `steps` steps (about 10 lines each), written directly (no fsync per line: setup). */
async function realisticRun(dir: string, runId = 'r1', steps = 130): Promise<string[]> {
  const first = { ...runStarted, data: { ...runStarted.data, runId } };
  const events = [first, ...Array.from({ length: steps }, (_, i) => stepEvents(i)).flat()];
  const lines = chain(events);
  await writeFile(path.join(dir, 'journal.jsonl'), lines.join('\n') + '\n');
  return lines;
}

/** More chained lines appended straight to the file (what a crashed writer leaves behind). */
async function appendLines(dir: string, lines: string[], events: Ev[]): Promise<string[]> {
  const more = chain(events, lines.length + 1, sha256(lines.at(-1)!));
  await appendFile(path.join(dir, 'journal.jsonl'), more.join('\n') + '\n');
  return [...lines, ...more];
}

async function patch(file: string, lineNo: number, from: string, to: string): Promise<void> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  expect(lines[lineNo - 1]).toContain(from);
  lines[lineNo - 1] = lines[lineNo - 1]!.replace(from, to);
  await writeFile(file, lines.join('\n'));
}

/** A journal.state whose header was re-signed over a changed body (what a careful forger writes). */
async function reSign(dir: string, change: (state: Record<string, unknown>, strings: string[]) => void): Promise<void> {
  const file = path.join(dir, STATE_FILE);
  const buf = await readFile(file);
  const eol = buf.indexOf(0x0a);
  // The body is { strings, state }, the state's step histories in columns (journal-state-codec.ts).
  const saved = JSON.parse(buf.subarray(eol + 1).toString('utf8'));
  change(saved.state, saved.strings);
  const body = JSON.stringify(saved);
  const header = buf.subarray(0, eol).toString().split(' ');
  header[5] = sha256(body);
  await writeFile(file, header.join(' ') + '\n' + body);
}

/** Rewrites header fields and the state together, the body digest recomputed: consistent, but maybe not with the journal. */
async function reHead(dir: string, change: (header: string[], state: Record<string, unknown>) => void): Promise<void> {
  const file = path.join(dir, STATE_FILE);
  const buf = await readFile(file);
  const eol = buf.indexOf(0x0a);
  const saved = JSON.parse(buf.subarray(eol + 1).toString('utf8'));
  const header = buf.subarray(0, eol).toString().split(' ');
  change(header, saved.state);
  const body = JSON.stringify(saved);
  header[5] = sha256(body);
  await writeFile(file, header.join(' ') + '\n' + body);
}

describe('journal.state (the commander open of a long run)', () => {
  it('gives exactly the state a full read gives, from the first open (saving it) and from the saved state', async () => {
    const dir = await tempDir();
    const lines = await realisticRun(dir);
    const full = await fullState(dir);
    expect(full.participants.length).toBeGreaterThan(2);
    expect(Object.values(full.steps).some((s) => s.status === 'overridden' && s.bypasses.length)).toBe(true);
    expect(Object.values(full.steps).some((s) => s.signOffs.some((o) => o.confirmation))).toBe(true);

    const first = await openState(dir);
    expect(first.saved).toBeUndefined();
    expect(first.state).toEqual(full);
    const header = (await readFile(path.join(dir, STATE_FILE), 'utf8')).split('\n')[0]!;
    expect(header).toBe(
      `drillbook-journal-state/3 ${lines.length} ${Buffer.byteLength(lines.join('\n') + '\n')} ${sha256(lines.at(-1)!)} ` +
        `${sha256(lines.join('\n') + '\n')} ${sha256((await readFile(path.join(dir, STATE_FILE))).subarray(header.length + 1))} ` +
        (await codeStamp(REDUCER_MODULE)),
    );

    const second = await openState(dir);
    expect(second.saved).toBe(lines.length);
    expect(second.state).toEqual(full);
    expect(second.journal.head).toBe(sha256(lines.at(-1)!));
    expect(second.journal.lastSeq).toBe(lines.length);
  });

  it('folds lines appended after the saved state (a writer that crashed before closing) and chains appends on', async () => {
    const dir = await tempDir();
    let lines = await realisticRun(dir);
    await openState(dir);
    const saved = lines.length;
    const ended = {
      actor: 'jane',
      type: 'run.ended',
      data: {
        outcome: 'completed',
        result: 'recovered-with-deviations',
        counts: { total: 3, done: 1, skipped: 1, overridden: 1, failed: 0, notDone: 0 },
      },
    };
    lines = await appendLines(dir, lines, [...stepEvents(500), ...stepEvents(501), ended]);
    const r = await Journal.openState(dir);
    expect(r.saved).toBe(saved);
    expect(r.journal.lastSeq).toBe(lines.length);
    expect(r.state).toEqual(await fullState(dir));
    expect(r.state?.recorded?.result).toBe('recovered-with-deviations');
    // Appends go on from the folded head; closing with the live state saves it for the next open.
    let state = r.state!;
    for (const e of [
      { stepId: 'step-3', text: 'after reopen' },
      { stepId: 'step-new', text: 'new step' },
    ]) {
      const event = await r.journal.append({ actor: 'bob', type: 'note.added', data: e }, new Date(T0));
      state = applyEvent(state, event, r.journal.head);
    }
    await r.journal.close(state);
    const again = await openState(dir);
    expect(again.saved).toBe(lines.length + 2);
    expect(again.state).toEqual(state);
    expect(again.state).toEqual(await fullState(dir));
  });

  it('after an open from the saved state, appends and close save the next state and checkpoint', async () => {
    const dir = await tempDir();
    const lines = await realisticRun(dir);
    await openState(dir);
    const r = await Journal.openState(dir);
    expect(r.saved).toBe(lines.length);
    const event = await r.journal.append({ actor: 'bob', type: 'step.completed', data: { stepId: 'step-9' } }, new Date(T0));
    const state = applyEvent(r.state!, event, r.journal.head);
    await r.journal.close(state);
    const again = await openState(dir);
    expect(again.saved).toBe(lines.length + 1);
    expect(again.state).toEqual(await fullState(dir));
    // The checkpoint written with it is the one readers that need every event use.
    const events = await Journal.open(dir);
    await events.journal.close();
    expect(events.checkpointed).toBe(lines.length + 1);
  });

  it('a prefix changed while the run is open is not vouched for on close: the next open finds the change', async () => {
    const dir = await tempDir();
    await realisticRun(dir);
    await openState(dir);
    const r = await Journal.openState(dir);
    await patch(path.join(dir, 'journal.jsonl'), 300, '.000Z"', '.001Z"');
    const event = await r.journal.append({ actor: 'bob', type: 'step.completed', data: { stepId: 'step-9' } }, new Date(T0));
    await r.journal.close(applyEvent(r.state!, event, r.journal.head));
    const err = await Journal.openState(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JournalError);
    expect((err as JournalError).line).toBe(301);
  });

  it('a torn last line after the saved state is moved aside and cut, as a full open does', async () => {
    const dir = await tempDir();
    const lines = await realisticRun(dir);
    await openState(dir);
    await appendFile(path.join(dir, 'journal.jsonl'), `{"seq":${lines.length + 1},"at":"2026-11-23T`);
    const r = await openState(dir);
    expect(r.saved).toBe(lines.length);
    expect(r.problem).toMatch(
      new RegExp(`journal.jsonl:${lines.length + 1}: torn last line \\(\\d+ bytes, never acknowledged\\); moved to journal.torn`),
    );
    expect(await readFile(path.join(dir, 'journal.torn'), 'utf8')).toBe(`{"seq":${lines.length + 1},"at":"2026-11-23T\n`);
    expect(await readFile(path.join(dir, 'journal.jsonl'), 'utf8')).toBe(lines.join('\n') + '\n');
  });

  it('still catches a changed byte before the saved line, and one after it', async () => {
    const dir = await tempDir();
    const lines = await realisticRun(dir);
    await openState(dir);
    const file = path.join(dir, 'journal.jsonl');
    await patch(file, 500, '.000Z"', '.001Z"'); // same length: the prefix ends where it did
    const before = await Journal.openState(dir).catch((e: unknown) => e);
    expect(before).toBeInstanceOf(JournalError);
    expect((before as JournalError).line).toBe(501);
    expect((before as JournalError).reason).toMatch(/hash chain broken: prev does not match line 500/);

    const dir2 = await tempDir();
    const lines2 = await realisticRun(dir2);
    await openState(dir2);
    await appendLines(dir2, lines2, stepEvents(900));
    await patch(path.join(dir2, 'journal.jsonl'), lines2.length + 2, '"durationMs":12', '"durationMs":13');
    const after = await Journal.openState(dir2).catch((e: unknown) => e);
    expect(after).toBeInstanceOf(JournalError);
    expect((after as JournalError).line).toBe(lines2.length + 3);
    expect(lines.length).toBe(lines2.length);
  });

  it('a journal cut below the saved line is refused from journal.head, as before', async () => {
    const dir = await tempDir();
    await realisticRun(dir);
    const { journal } = await Journal.openState(dir);
    await journal.append({ actor: 'bob', type: 'note.added', data: { stepId: 'a', text: 'acknowledged' } }, new Date(T0));
    await journal.close();
    const file = path.join(dir, 'journal.jsonl');
    const lines = (await readFile(file, 'utf8')).split('\n');
    await writeFile(file, lines.slice(0, 800).join('\n') + '\n');
    await expect(Journal.openState(dir)).rejects.toThrow(/the journal ends after line 800, but \d+ lines were acknowledged/);
  });

  it('an edited, truncated, re-signed or foreign journal.state is not trusted: the journal is read in full', async () => {
    const dir = await tempDir();
    await realisticRun(dir);
    await openState(dir);
    const full = await fullState(dir);
    const stateFile = path.join(dir, STATE_FILE);
    const good = await readFile(stateFile);
    const notTrusted = async (what: string) => {
      const r = await Journal.openState(dir);
      await r.journal.close();
      expect(r.saved, what).toBeUndefined();
      expect(r.state, what).toEqual(full);
      await writeFile(stateFile, good);
    };

    // One byte of the body changed: its digest no longer matches the header.
    await writeFile(stateFile, Buffer.from(good.toString('latin1').replace('"checked by hand"', '"checked by HAND"'), 'latin1'));
    await notTrusted('edited body');
    // Cut short (a write lost in a crash), empty, or garbage.
    await writeFile(stateFile, good.subarray(0, good.length >> 1));
    await notTrusted('truncated');
    await writeFile(stateFile, '');
    await notTrusted('empty');
    await writeFile(stateFile, 'drillbook-journal-state/2 12 x\n{');
    await notTrusted('garbage header');
    // Folded by other code (another build of reduce.ts): its fold may differ from this one's.
    await writeFile(
      stateFile,
      Buffer.concat([good.subarray(0, good.indexOf(0x0a) - 64), Buffer.from('0'.repeat(64)), good.subarray(good.indexOf(0x0a))]),
    );
    await notTrusted('another reducer');
    // A header and state that agree with each other, but not with the journal's last line.
    await reHead(dir, (h, st) => {
      h[3] = st.head = sha256('not the last line');
    });
    await notTrusted('head of another line');
    await reHead(dir, (h, st) => {
      h[1] = String((st.lastSeq = Number(h[1]) + 1));
    });
    await notTrusted('one line more than the journal has');
    // Re-signed over a body that is not a state, or a state at another line or head.
    await reSign(dir, (s) => void (s.steps = { 'step-1': { stepId: 'step-1', status: 'done' } }));
    await notTrusted('re-signed, not the shape of a state');
    type Cols = Record<string, { history: number[][] }>;
    await reSign(dir, (s, strings) => void ((s.steps as Cols)['step-3']!.history[2]![0] = strings.length));
    await notTrusted('re-signed, a history entry naming no actor');
    await reSign(dir, (s) => void (s.steps as Cols)['step-3']!.history[0]!.pop());
    await notTrusted('re-signed, history columns of different lengths');
    await reSign(dir, (s) => void (s.lastSeq = 12));
    await notTrusted('re-signed, another line');
    await reSign(dir, (s) => void (s.steps = { 'step-1': (s.steps as Record<string, unknown>)['step-2'] }));
    await notTrusted('re-signed, a step filed under another id');

    // The state of another run with as many lines: its prefix digest is not this journal's.
    const other = await tempDir();
    await realisticRun(other, 'r2');
    const o = await openState(other);
    expect(o.state?.runId).toBe('r2');
    await writeFile(stateFile, await readFile(path.join(other, STATE_FILE)));
    const foreign = await Journal.openState(dir);
    await foreign.journal.close();
    expect(foreign.saved).toBeUndefined();
    expect(foreign.state).toEqual(full);
    // And an intact one is trusted again.
    await writeFile(stateFile, good);
    expect((await openState(dir)).saved).toBe(full.lastSeq);
  });

  it('a journal.state that cannot be read or replaced (a folder in its place) never stops a run from opening', async () => {
    const dir = await tempDir();
    await realisticRun(dir);
    await mkdir(path.join(dir, STATE_FILE));
    const r = await Journal.openState(dir);
    expect(r.saved).toBeUndefined();
    expect(r.state).toEqual(await fullState(dir));
    const event = await r.journal.append({ actor: 'bob', type: 'step.completed', data: { stepId: 'step-9' } }, new Date(T0));
    await r.journal.close(applyEvent(r.state!, event, r.journal.head));
    expect((await Journal.readState(dir)).state).toEqual(await fullState(dir));
    expect((await readdir(dir)).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('read-only views (status, a run another process writes) take it too, and change nothing', async () => {
    const dir = await tempDir();
    const lines = await realisticRun(dir);
    await writeFile(path.join(dir, 'runbook.md'), await readFile(path.join(FIXTURES, 'web-failover.md')));
    await openState(dir);
    const fragment = `{"seq":${lines.length + 1},"at":"2026`;
    await appendFile(path.join(dir, 'journal.jsonl'), fragment);
    const before = await readFile(path.join(dir, 'journal.jsonl'));
    const read = await Journal.readState(dir);
    expect(read.saved).toBe(lines.length);
    expect(read.head).toBe(sha256(lines.at(-1)!));
    expect(read.problem).toMatch(/torn last line/);
    const status = await inspectRun(dir);
    expect(status.state).toEqual(read.state);
    expect(status.notes.join()).toMatch(/torn last line/);
    expect(await readFile(path.join(dir, 'journal.jsonl'))).toEqual(before);
    await writeFile(path.join(dir, 'journal.jsonl'), lines.join('\n') + '\n');
    expect(read.state).toEqual(await fullState(dir));
    // A changed byte before the saved line is found by the read-only path too.
    await patch(path.join(dir, 'journal.jsonl'), 40, '.000Z"', '.001Z"');
    await expect(Journal.readState(dir)).rejects.toThrow(/journal.jsonl:41: hash chain broken/);
  });

  it("is what the commander's open (openRun) uses, while readers that report or export fold every event", async () => {
    const dir = await tempDir();
    await realisticRun(dir);
    await writeFile(path.join(dir, 'runbook.md'), await readFile(path.join(FIXTURES, 'web-failover.md')));
    await openState(dir);
    // A re-signed state of the right shape is taken, as a re-chained journal would be: whoever can
    // rewrite the folder can do either. What is signed or exported never comes from it.
    await reSign(dir, (s) => {
      const step = (s.steps as Record<string, { notes: { text: string }[] }>)['step-4']!;
      step.notes[0]!.text = 'written into journal.state';
    });
    const run = await openRun(dir);
    await run.journal.close();
    expect(run.state.steps['step-4']!.notes[0]!.text).toBe('written into journal.state');
    const read = await readRunFolder(dir, { pinned: 'note' });
    expect(read.state).toEqual(await fullState(dir));
    expect(read.state.steps['step-4']!.notes[0]!.text).toBe('retrying db-2 ✓ (4)');
  });
});
