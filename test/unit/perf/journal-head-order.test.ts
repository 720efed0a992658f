// journal.head is checked against the journal's bytes, so it must be read no later than they
// are: a writer appending between the two would make the record lead the bytes and the check
// claim that acknowledged lines were removed. Here a writer appends right after the commander's
// scan has read the whole journal (journal.state does not match), before the full check runs.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Journal, readJournal } from '../../../core/run/journal';
import { STATE_FILE } from '../../../core/run/journal-state';
import { reduce } from '../../../core/run/reduce';
import { sha256, tempDir } from '../run/helpers';
import { chain, iso, openState, text } from './journal-lines';

const between = vi.hoisted(() => ({ run: undefined as undefined | (() => Promise<unknown>) }));

vi.mock('../../../core/run/journal-saved-open', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../core/run/journal-saved-open')>();
  return {
    ...real,
    openFromSaved: async (...args: Parameters<typeof real.openFromSaved>) => {
      const scanned = await real.openFromSaved(...args);
      const run = between.run;
      between.run = undefined;
      await run?.();
      return scanned;
    },
  };
});

describe('journal.head read with the bytes it is checked against', () => {
  it('a line appended after the scan read the journal is not taken for lines removed', async () => {
    const dir = await tempDir();
    const lines = chain(1200);
    await writeFile(path.join(dir, 'journal.jsonl'), text(lines));
    await openState(dir);
    const { journal: writer } = await Journal.open(dir);
    const note = (t: string) => ({ actor: 'bob', type: 'note.added' as const, data: { stepId: 's1', text: t } });
    const first = await writer.append(note('first'), iso(5000)); // journal.head now names line 1201
    // A state whose prefix digest is not the journal's: the scan returns the whole journal for the full read.
    const state = path.join(dir, STATE_FILE);
    const saved = await readFile(state);
    const eol = saved.indexOf(0x0a);
    const header = saved.subarray(0, eol).toString('latin1').split(' ');
    header[4] = 'f'.repeat(64);
    await writeFile(state, Buffer.concat([Buffer.from(header.join(' '), 'latin1'), saved.subarray(eol)]));

    between.run = () => writer.append(note('second'), iso(5001)); // line 1202 and its journal.head
    const read = await Journal.readState(dir);
    expect(between.run).toBeUndefined(); // the writer did append in between
    expect(read.saved).toBeUndefined();
    expect(read.state!.lastSeq).toBe(1201);
    expect(read.head).toBe(sha256(JSON.stringify(first)));
    const now = await readJournal(dir);
    expect(now.events).toHaveLength(1202);
    expect(read.state).toEqual(reduce(now.events.slice(0, 1201), read.head));
    await writer.close();
  });
});
