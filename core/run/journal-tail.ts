// The lines after a saved state (journal-state.ts): parsed, shape-checked and chained on from the
// state's head exactly as verifyChain does for a whole journal. Any problem returns undefined
// and the caller reads the journal in full, so the error a user sees (and the good events it
// carries) is always the one a full verification gives.
import { sha256Hex, type ChainResult } from './chain';
import { lineProblem } from './event-schema';
import type { AnyEvent } from './events';
import type { Checkpoint } from './journal-checkpoint';

const NEWLINE = 0x0a;

/** The events after `from` (a verified prefix), the head and good length after them, and a torn tail. */
export function verifyTail(buf: Buffer, from: Pick<Checkpoint, 'lines' | 'bytes' | 'head'>): ChainResult | undefined {
  const events: AnyEvent[] = [];
  let head = from.head;
  let start = from.bytes;
  for (let n = from.lines + 1; start < buf.length; n++) {
    const end = buf.indexOf(NEWLINE, start);
    if (end < 0) return { events, head, goodBytes: start, torn: { line: n, bytes: Buffer.from(buf.subarray(start)) } };
    const line = buf.subarray(start, end);
    let event: AnyEvent;
    try {
      event = JSON.parse(line.toString('utf8')) as AnyEvent;
    } catch {
      return undefined;
    }
    if (lineProblem(event) !== undefined || event.seq !== n || event.prev !== head) return undefined;
    events.push(event);
    head = sha256Hex(line);
    start = end + 1;
  }
  return { events, head, goodBytes: start };
}
