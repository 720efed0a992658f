// Chained journal lines for the journal scan tests: real events, each line's prev the SHA-256 of
// the one before. No vitest import: child processes of the tests use it too.
import { createHash } from 'node:crypto';
import { GENESIS } from '../../../core/run/chain';
import { Journal, readJournal } from '../../../core/run/journal';
import { reduce } from '../../../core/run/reduce';
import type { RunState } from '../../../core/run/state';

const sha256 = (line: string) => createHash('sha256').update(line).digest('hex');

const started = (runId: string) => ({
  actor: 'jane',
  type: 'run.started',
  data: {
    runId,
    runbook: { id: 'db', version: '1.0.0', title: 'DB restore', sha256: 'a'.repeat(64) },
    mode: 'drill',
    t0: '2026-11-23T10:00:00.000Z',
    params: {},
    bindings: {},
  },
});

export const iso = (seq: number) => new Date(Date.UTC(2026, 10, 23, 10) + seq * 1000).toISOString();

/** `n` chained lines from seq `from` on (the first is run.started when from is 1). */
export function chain(n: number, from = 1, prev = GENESIS, runId = 'r1'): string[] {
  return Array.from({ length: n }, (_, k) => {
    const seq = from + k;
    const e = seq === 1 ? started(runId) : { actor: 'jane', type: 'note.added', data: { stepId: `s${seq % 9}`, text: `n${seq} ✓` } };
    const line = JSON.stringify({ seq, at: iso(seq), actor: e.actor, type: e.type, data: e.data, prev });
    prev = sha256(line);
    return line;
  });
}

export const text = (lines: string[]) => lines.join('\n') + '\n';

/** The state a full read gives: every line verified (no checkpoint), then folded. */
export async function fullState(dir: string): Promise<RunState> {
  const read = await readJournal(dir);
  return reduce(read.events, read.head);
}

/** Journal.openState, closed with its state (so it saves journal.state as the app does). */
export async function openState(dir: string) {
  const r = await Journal.openState(dir);
  await r.journal.close(r.state);
  return r;
}
