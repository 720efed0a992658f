// Which headings are the document's title, which open phases, and at what level. Headings with
// a time window (or named "Phase N"/"Stage N") set the phase level; without any, the highest
// heading with steps directly under it does. A heading at that level or above opens a phase
// when steps follow it; the first heading is the title when it alone stands above the rest.
import type { Heading, Root } from 'mdast';
import { namesAPhase, phaseWindow, type PhaseWindow } from './phase-window';
import { textOf } from './report-items';
import { isStepMaterial } from './step-material';

export interface HeadingInfo {
  index: number;
  node: Heading;
  text: string;
  window?: PhaseWindow;
  candidate: boolean;
  /** Steps before the next heading of any depth. */
  direct: boolean;
  /** Steps before the next heading at its depth or above. */
  section: boolean;
  /** Index of the next heading (of any depth), or the end. */
  next: number;
}

// Linear in the document: step counts as prefix sums, the next heading at the same depth or
// above from a stack (a page of 100,000 headings must not take 100,000² steps).
function headingInfos(root: Root): HeadingInfo[] {
  const kids = root.children;
  const before = [0];
  kids.forEach((n, i) => before.push(before[i]! + (isStepMaterial(n) ? 1 : 0)));
  const has = (a: number, b: number) => before[b]! - before[a + 1]! > 0;
  const heads = kids.flatMap((n, index) => (n.type === 'heading' ? [{ index, node: n }] : []));
  const nextSame: number[] = [];
  const open: number[] = [];
  heads.forEach((h, k) => {
    while (open.length > 0 && heads[open[open.length - 1]!]!.node.depth >= h.node.depth) nextSame[open.pop()!] = h.index;
    open.push(k);
  });
  return heads.map(({ index, node }, h) => {
    const t = textOf(node).replace(/\s+/g, ' ').trim();
    const window = phaseWindow(t);
    return {
      index,
      node,
      text: t,
      ...(window ? { window } : {}),
      candidate: !!window || namesAPhase(t),
      direct: has(index, heads[h + 1]?.index ?? kids.length),
      section: has(index, nextSame[h] ?? kids.length),
      next: heads[h + 1]?.index ?? kids.length,
    };
  });
}

export interface OutlineLevels {
  heads: HeadingInfo[];
  titleHead?: HeadingInfo;
  /** Undefined when no heading names a phase: the steps then form one phase. */
  phaseDepth?: number;
  opensPhase(h: HeadingInfo): boolean;
}

export function outlineLevels(root: Root): OutlineLevels {
  const heads = headingInfos(root);
  const first = heads[0];
  const minDepth = Math.min(...heads.map((h) => h.node.depth));
  const titleHead =
    first && first.node.depth === minDepth && heads.filter((h) => h.node.depth === minDepth).length === 1 && !first.candidate
      ? first
      : undefined;
  const rest = heads.filter((h) => h !== titleHead);
  const candidates = rest.filter((h) => h.candidate);
  const withSteps = rest.filter((h) => h.direct);
  const phaseDepth =
    candidates.length > 0
      ? Math.min(...candidates.map((h) => h.node.depth))
      : withSteps.length > 0
        ? Math.min(...withSteps.map((h) => h.node.depth))
        : undefined;
  const opensPhase = (h: HeadingInfo) =>
    phaseDepth !== undefined &&
    h !== titleHead &&
    h.node.depth <= phaseDepth &&
    (h.candidate || h.direct || (h.node.depth === phaseDepth && h.section));

  return { heads, ...(titleHead ? { titleHead } : {}), ...(phaseDepth !== undefined ? { phaseDepth } : {}), opensPhase };
}
