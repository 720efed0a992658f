// journal.state's body stores history as columns (seq as differences) and notes as references to
// their history entries. It must give back exactly the state it was made from, whatever the
// strings hold, and a body that parses but does not give well-formed entries must not be used.
import { isAscii } from 'node:buffer';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fullState, openState } from './journal-lines';
import { GENESIS } from '../../../core/run/chain';
import { Journal } from '../../../core/run/journal';
import { STATE_FILE } from '../../../core/run/journal-state';
import { decodeState, encodeBody } from '../../../core/run/journal-state-codec';
import { reduce } from '../../../core/run/reduce';
import type { RunState } from '../../../core/run/state';
import { sha256, started, tempDir } from '../run/helpers';

/** The encoded state as a re-signer edits it: history columns, notes as references. */
type Encoded = { steps: Record<string, { history: unknown[][]; notes: unknown[] }> };
type Ev = { at: string; actor: string; type: string; data: object };

/** `at` strings as a hand-written or older journal may hold them: not all in toISOString form. */
const ATS = [
  '2026-11-23T10:00:00.000Z',
  '2026-11-23T10:01:00+01:00',
  '2026-11-23T10:02:00Z',
  '2026-11-23T10:03:00.5Z',
  '2026-11-23T10:04:00.123456-05:30',
];
/** What the codec itself must carry too (a state is not re-validated as events are). */
const ODD_ATS = [...ATS, '', 'not a time', '2026-11-23T10:00:00.000Z ✓'];
const TEXTS = ['plain', 'non-ASCII ✓ é 日本', 'emoji 🔥 (a surrogate pair)', 'lone \ud800 surrogate', 'quote " backslash \\ tab \t', ''];

/** Over 1,000 events (journal.state is written from CHECKPOINT_MIN_LINES on) touching each history shape. */
function events(): Ev[] {
  const out: Ev[] = [];
  for (let i = 0; out.length < 1200; i++) {
    const at = ATS[i % ATS.length]!;
    const stepId = `step-${i % 40}`;
    const text = TEXTS[i % TEXTS.length]!;
    const actor = i % 3 ? 'jane' : 'bøb';
    out.push({ at, actor, type: 'note.added', data: { stepId, text } });
    out.push({ at, actor, type: 'step.started', data: { stepId, attempt: 1 + (i % 4), hosts: i % 2 ? ['db-1'] : [] } });
    out.push({ at, actor, type: 'step.completed', data: { stepId, ...(i % 2 ? { note: text } : {}) } });
    out.push({ at, actor, type: 'step.reopened', data: { stepId, ...(i % 3 ? { reason: text } : {}) } });
  }
  return out;
}

/** Journal lines chained here, independently of the code under test. */
async function writeJournal(dir: string): Promise<string[]> {
  const first = { at: '2026-11-23T09:00:00.000Z', ...started() };
  let prev = GENESIS;
  const lines = [first, ...events()].map((e, k) => {
    const line = JSON.stringify({ seq: k + 1, at: e.at, actor: e.actor, type: e.type, data: e.data, prev });
    prev = sha256(line);
    return line;
  });
  await writeFile(path.join(dir, 'journal.jsonl'), lines.join('\n') + '\n');
  return lines;
}

/** journal.state with its body changed and the body digest recomputed (header otherwise kept). */
async function reSign(dir: string, change: (state: Encoded) => void): Promise<void> {
  const file = path.join(dir, STATE_FILE);
  const buf = await readFile(file);
  const eol = buf.indexOf(0x0a);
  const saved = JSON.parse(buf.subarray(eol + 1).toString('utf8'));
  change(saved.state);
  const body = JSON.stringify(saved);
  const header = buf.subarray(0, eol).toString().split(' ');
  header[5] = sha256(body);
  await writeFile(file, header.join(' ') + '\n' + body);
}

const sum = (v: unknown[]) => v.reduce<number>((a, b) => a + (b as number), 0);
const lastOf = (v: unknown[]) => ({ set: (f: (v: unknown[]) => unknown) => (v[v.length - 1] = f(v)) });

describe('journal.state body (columns and note references)', () => {
  it('round-trips every history and note shape: at strings in any form, any text, notes with and without their entry', () => {
    const state = reduce(
      [started(), ...events().slice(0, 200)].map(
        (e, k) => ({ ...e, seq: k + 1, at: ODD_ATS[k % ODD_ATS.length]!, prev: GENESIS }) as never,
      ),
      'h'.repeat(64),
    );
    const step = state.steps['step-1']!;
    // A note that differs from its history entry, and one that has none: stored as they are.
    step.notes.push({ ...step.notes[0]!, text: 'edited', actor: 'ann', at: 'later' }, { seq: 99_999, at: 'x', actor: 'y', text: 'z' });
    const body = encodeBody(state);
    expect(isAscii(body)).toBe(true);
    const back = decodeState(JSON.parse(body.toString('latin1')));
    expect(back).toEqual(state);
    expect(Object.keys(back as object)).toEqual(Object.keys(state));
    const anyEntry = (back as RunState).steps['step-1']!.history[0]!;
    expect(Object.keys(anyEntry)).toEqual(Object.keys(state.steps['step-1']!.history[0]!));
  });

  it('the saved state of such a journal is the state a full read gives, from a body in ASCII', async () => {
    const dir = await tempDir();
    const lines = await writeJournal(dir);
    const first = await openState(dir);
    expect(first.saved).toBeUndefined();
    const bytes = await readFile(path.join(dir, STATE_FILE));
    expect(isAscii(bytes)).toBe(true);
    const second = await openState(dir);
    expect(second.saved).toBe(lines.length);
    const full = await fullState(dir);
    expect(second.state).toEqual(full);
    expect(JSON.stringify(second.state)).toBe(JSON.stringify(full));
    const texts = Object.values(full.steps).flatMap((s) => s.notes.map((n) => n.text));
    for (const t of TEXTS) expect(texts).toContain(t);
    // A body someone re-wrote in UTF-8 (JSON.stringify's own output) is read as UTF-8.
    await reSign(dir, () => undefined);
    expect(isAscii(await readFile(path.join(dir, STATE_FILE)))).toBe(false);
    const again = await openState(dir);
    expect(again.saved).toBe(lines.length);
    expect(again.state).toEqual(full);
  });

  it('a re-signed body that parses but does not give well-formed entries or notes is not used', async () => {
    const dir = await tempDir();
    await writeJournal(dir);
    await openState(dir);
    const full = await fullState(dir);
    const good = await readFile(path.join(dir, STATE_FILE));
    const cases: [string, (s: Encoded) => void][] = [
      // The last entry of a step is a step.reopened, which no note refers to: only its own check can refuse it.
      ['a seq difference giving seq 0', (s) => void lastOf(s.steps['step-3']!.history[0]!).set((v) => -(sum(v) - (v.at(-1) as number)))],
      ['a seq difference giving a negative seq', (s) => void lastOf(s.steps['step-3']!.history[0]!).set(() => -1e9)],
      ['a fractional seq difference', (s) => void lastOf(s.steps['step-3']!.history[0]!).set((v) => (v.at(-1) as number) + 0.5)],
      ['a seq difference that is a string', (s) => void lastOf(s.steps['step-3']!.history[0]!).set((v) => String(v.at(-1)))],
      ['an at that is a number', (s) => void (s.steps['step-3']!.history[1]![0] = 12)],
      ['a detail index past the table', (s) => void (s.steps['step-3']!.history[4]![0] = 1e6)],
      ['a detail index -2', (s) => void (s.steps['step-3']!.history[4]![0] = -2)],
      ['a sixth column', (s) => void s.steps['step-3']!.history.push([])],
      ['a note naming no history entry', (s) => void (s.steps['step-3']!.notes[0] = { h: 1e6 })],
      ['a note naming entry 0.5', (s) => void (s.steps['step-3']!.notes[0] = { h: 0.5 })],
      ['a note whose text is a number', (s) => void (s.steps['step-3']!.notes[0] = { h: 0, text: 7 })],
      ['a note without an entry or text', (s) => void (s.steps['step-3']!.notes[0] = { seq: 5, at: 'x', actor: 'y' })],
      ['notes that are not a list', (s) => void (s.steps['step-3']!.notes = {} as never)],
    ];
    for (const [what, change] of cases) {
      await writeFile(path.join(dir, STATE_FILE), good);
      await reSign(dir, change);
      const r = await Journal.openState(dir);
      await r.journal.close();
      expect(r.saved, what).toBeUndefined();
      expect(r.state, what).toEqual(full);
    }
    // The same re-signing with a well-formed change is taken (so the cases above were refused for their content).
    await writeFile(path.join(dir, STATE_FILE), good);
    await reSign(dir, (s) => void (s.steps['step-3']!.notes[0] = { h: 0, text: 'changed in journal.state' }));
    const taken = await Journal.openState(dir);
    await taken.journal.close();
    expect(taken.saved).toBe(full.lastSeq);
    expect(taken.state!.steps['step-3']!.notes[0]!.text).toBe('changed in journal.state');
  });
});
