// A process that may not start threads (Node's permission model without --allow-worker: `new
// Worker` throws ERR_ACCESS_DENIED) scans journals in its own thread: the commander's open still
// takes journal.state, every time, and scanWorker says there is no worker.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Journal, readJournal } from '../../../core/run/journal';
import { scanWorker } from '../../../core/run/journal-scan';
import { reduce } from '../../../core/run/reduce';
import { tempDir } from '../run/helpers';
import { chain, openState, text } from './journal-lines';

const tried = vi.hoisted(() => ({ workers: 0 }));

vi.mock('node:worker_threads', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:worker_threads')>();
  class Denied {
    constructor() {
      tried.workers++;
      throw Object.assign(new Error('Access to this API has been restricted'), { code: 'ERR_ACCESS_DENIED' });
    }
  }
  return { ...real, Worker: Denied, default: { ...real, Worker: Denied } };
});

describe('the journal scan where no worker may start', () => {
  it('opens take the saved state in this thread, open after open; scanWorker resolves undefined', async () => {
    const dir = await tempDir();
    const lines = chain(1300);
    await writeFile(path.join(dir, 'journal.jsonl'), text(lines));
    await openState(dir); // full read, state saved
    for (let k = 0; k < 3; k++) {
      const r = await Journal.openState(dir);
      await r.journal.close(r.state);
      expect(r.saved).toBe(lines.length);
      const read = await Journal.readState(dir);
      expect(read.saved).toBe(lines.length);
      const full = await readJournal(dir);
      expect(r.state).toEqual(reduce(full.events, full.head));
    }
    expect(tried.workers).toBe(1); // tried once, then never again
    await expect(scanWorker()).resolves.toBeUndefined();
    expect(tried.workers).toBe(1);
  });
});
