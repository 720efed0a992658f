// Pairing the steps (or phases) of two versions: first by id, which the format keeps stable when
// a writer sets one, then, for what is left, by how alike the titles are, so a step whose default
// id changed with its wording is still seen as the same step, changed.
import { diffWords } from 'diff';

export interface Matchable {
  id: string;
  title: string;
}

export interface Pairing {
  /** Index in `from` → index in `to`, and how the pair was found. */
  pairs: { from: number; to: number; by: 'id' | 'title' }[];
  removed: number[];
  added: number[];
}

/** Titles at least this alike (0..1) may be the same step reworded. */
export const TITLE_SIMILARITY = 0.6;
/** Beyond this many candidate pairs titles are not compared (each comparison is a word diff). */
const MAX_TITLE_PAIRS = 40_000;

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

/** Share of the two titles' characters (spaces aside) in words both have, in order: 1 = same words. */
export function titleSimilarity(a: string, b: string): number {
  const [x, y] = [norm(a), norm(b)];
  const size = (s: string) => s.replace(/ /g, '').length;
  const total = size(x) + size(y);
  if (total === 0) return 1;
  const common = diffWords(x, y)
    .filter((c) => !c.added && !c.removed)
    .reduce((n, c) => n + size(c.value), 0);
  return (2 * common) / total;
}

/**
 * `bonus(i, j)` may favour a candidate (same phase), never create one: it is added only to
 * titles that are already alike enough.
 */
export function pairItems(from: Matchable[], to: Matchable[], bonus: (i: number, j: number) => number = () => 0): Pairing {
  const pairs: Pairing['pairs'] = [];
  const usedFrom = new Set<number>();
  const usedTo = new Set<number>();
  const toById = new Map(to.map((t, j) => [t.id, j]));
  from.forEach((f, i) => {
    const j = toById.get(f.id);
    if (j === undefined || usedTo.has(j)) return;
    pairs.push({ from: i, to: j, by: 'id' });
    usedFrom.add(i);
    usedTo.add(j);
  });
  const restFrom = from.map((_, i) => i).filter((i) => !usedFrom.has(i));
  const restTo = to.map((_, j) => j).filter((j) => !usedTo.has(j));
  if (restFrom.length * restTo.length <= MAX_TITLE_PAIRS) {
    const candidates: { i: number; j: number; score: number }[] = [];
    for (const i of restFrom)
      for (const j of restTo) {
        const s = titleSimilarity(from[i]!.title, to[j]!.title);
        if (s >= TITLE_SIMILARITY) candidates.push({ i, j, score: s + bonus(i, j) });
      }
    // Best first; ties go to the earlier step, so the result does not depend on sort stability.
    candidates.sort((a, b) => b.score - a.score || a.i - b.i || a.j - b.j);
    for (const c of candidates) {
      if (usedFrom.has(c.i) || usedTo.has(c.j)) continue;
      pairs.push({ from: c.i, to: c.j, by: 'title' });
      usedFrom.add(c.i);
      usedTo.add(c.j);
    }
  }
  return {
    pairs: pairs.sort((a, b) => a.to - b.to),
    removed: from.map((_, i) => i).filter((i) => !usedFrom.has(i)),
    added: to.map((_, j) => j).filter((j) => !usedTo.has(j)),
  };
}

/**
 * Which entries of `seq` (the old positions of kept items, in their new order) moved: those
 * outside one longest increasing run, so moving one step reports that step, not its neighbours.
 */
export function movedPositions(seq: number[]): Set<number> {
  // Patience sorting: O(n log n) longest increasing subsequence, then walk back through it.
  const tails: number[] = [];
  const prev: number[] = new Array<number>(seq.length).fill(-1);
  seq.forEach((v, k) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seq[tails[mid]!]! < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[k] = tails[lo - 1]!;
    tails[lo] = k;
  });
  const keep = new Set<number>();
  for (let k = tails.at(-1) ?? -1; k >= 0; k = prev[k]!) keep.add(k);
  return new Set(seq.map((_, k) => k).filter((k) => !keep.has(k)));
}
