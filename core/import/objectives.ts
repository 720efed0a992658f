// Recovery objectives stated in prose or tables: "RTO: 4 hours", "RTO ≤ 8 h", "a 4-hour RTO",
// "Recovery Time Objective (RTO): 4 hours", a table cell "RTO" beside "4h". Applied to one
// paragraph or table cell at a time.
import { AMOUNT, amountMs, firstDuration } from './spoken-duration';

export type Objective = 'rto' | 'rpo';

const NAME = String.raw`(RTO|RPO|Recovery\s+Time\s+Objective|Recovery\s+Point\s+Objective)(?:\s*\((?:RTO|RPO)\))?`;
const JOIN = String.raw`(?:\s*(?:[:=≤≈~<]|<=|is|of|at\s+most|no\s+more\s+than|under|within|target(?:ed)?|must\s+be|should\s+be|max(?:imum)?\.?)\s*)*`;
const AFTER = new RegExp(String.raw`\b${NAME}${JOIN}(?:\s*)(?:${AMOUNT}|(\d+[dhms](?:\d+[hms])*)\b)`, 'gi');
const BEFORE = new RegExp(String.raw`\b(\d+(?:[.,]\d+)?)[-\s]*(minutes?|mins?|hours?|hrs?|days?|[mhd])[-\s]+(RTO|RPO)\b`, 'gi');

const which = (name: string): Objective => (/^(rto|recovery\s+time)/i.test(name) ? 'rto' : 'rpo');

export interface Stated {
  objective: Objective;
  ms: number;
  written: string;
}

/** Every objective stated in a short text, in order. */
export function statedObjectives(text: string): Stated[] {
  const out: (Stated & { at: number })[] = [];
  for (const m of text.matchAll(AFTER)) {
    const ms = m[2] !== undefined ? amountMs(m[2], m[3]!) : firstDuration(m[4]!);
    if (ms !== undefined) out.push({ objective: which(m[1]!), ms, written: m[0].trim(), at: m.index });
  }
  for (const m of text.matchAll(BEFORE)) {
    const ms = amountMs(m[1]!, m[2]!);
    if (ms !== undefined) out.push({ objective: which(m[3]!), ms, written: m[0].trim(), at: m.index });
  }
  return out.sort((a, b) => a.at - b.at).map(({ at: _at, ...s }) => s);
}

/** A table cell that names an objective: `RTO`, `Recovery Time Objective (RTO)`, `RTO (max)`. */
export function objectiveName(cell: string): Objective | undefined {
  const t = cell.trim();
  if (/^(?:rto|recovery\s+time\s+objective)\b/i.test(t)) return 'rto';
  if (/^(?:rpo|recovery\s+point\s+objective)\b/i.test(t)) return 'rpo';
  return undefined;
}
