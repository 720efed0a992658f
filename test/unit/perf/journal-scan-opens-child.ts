// A process that opens one long run three times (journal-scan.test.ts): a full read that saves
// journal.state, an open that scans here and starts the worker, then, once it runs, an open
// through it. It prints what each open took from the saved state and how many scans the worker
// had answered after it, and must then end by itself: an idle worker holds nothing open.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Journal } from '../../../core/run/journal';
import { scanWorker, workerScans } from '../../../core/run/journal-scan';
import { chain, text } from './journal-lines';

const dir = await mkdtemp(path.join(os.tmpdir(), 'drillbook-scan-child-'));
await writeFile(path.join(dir, 'journal.jsonl'), text(chain(1300)));
const saved: (number | null)[] = [];
const scans: number[] = [];
for (let k = 0; k < 3; k++) {
  if (k === 2) await scanWorker(); // started by the second open's scan: wait until it runs
  const r = await Journal.openState(dir);
  await r.journal.close(r.state);
  saved.push(r.saved ?? null);
  scans.push(workerScans());
}
await rm(dir, { recursive: true, force: true });
console.log(JSON.stringify({ saved, workerScans: scans }));
