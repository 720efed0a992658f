// Facts for the front matter, read before the outline: the recovery objectives (first stated
// wins; a different later one is reported) and title / owner / version from a header table
// (`| Owner | DBA team |` rows, or a header row of keys over one row of values).
import type { Nodes, Root, Table } from 'mdast';
import { formatDuration } from '../runbook/duration';
import { descendants } from '../runbook/markdown';
import { objectiveName, statedObjectives, type Objective } from './objectives';
import { Items, textOf } from './report-items';
import { firstDuration } from './spoken-duration';

export interface HeaderFacts {
  rtoMs?: number;
  rpoMs?: number;
  title?: string;
  owner?: string;
  version?: string;
}

type Key = 'title' | 'owner' | 'version';
const KEYS: [RegExp, Key][] = [
  [/^(?:document\s+|runbook\s+|procedure\s+|plan\s+)?title$/i, 'title'],
  [/^(?:document\s+|process\s+|plan\s+|runbook\s+|business\s+)?owner(?:ship)?$/i, 'owner'],
  [/^(?:document\s+|runbook\s+)?(?:version|revision|rev\.?)(?:\s+(?:no\.?|number))?$/i, 'version'],
];
const keyOf = (cell: string): Key | undefined => KEYS.find(([re]) => re.test(cell.trim().replace(/[:*]+$/, '')))?.[1];

const rowsOf = (t: Table) => t.children.map((r) => r.children.map((c) => textOf(c).trim()));

/** `known`: what the document's own front matter already said (it comes first). */
export function readHeaderFacts(root: Root, items: Items, known: HeaderFacts = {}): HeaderFacts {
  const facts: HeaderFacts = { ...known };
  const objective = (node: Nodes, which: Objective, ms: number, written: string) => {
    const key = which === 'rto' ? 'rtoMs' : 'rpoMs';
    const was = facts[key];
    if (was === undefined) {
      facts[key] = ms;
      items.add('front-matter', node, `${which}: ${formatDuration(ms)}`, written);
    } else if (was !== ms)
      items.add(
        'description',
        node,
        `another ${which.toUpperCase()} (${formatDuration(ms)}) is stated here; the draft keeps ${formatDuration(was)}, stated first`,
        written,
      );
  };
  const header = (node: Nodes, key: Key, value: string) => {
    if (facts[key] !== undefined || value === '') return;
    facts[key] = value;
    items.add('front-matter', node, `${key} from the header table`, value);
  };

  const headings = root.children.flatMap((n, i) => (n.type === 'heading' ? [i] : []));
  const headEnd = headings[1] ?? root.children.length;
  const head = new Set(root.children.slice(0, headEnd));
  for (const node of descendants(root)) {
    if (node.type === 'table') {
      const rows = rowsOf(node);
      const top = rows[0] ?? [];
      const keyed = (c: string) => keyOf(c) !== undefined || objectiveName(c) !== undefined;
      const across = top.filter(keyed).length >= 2 && rows.length >= 2;
      const inHead = head.has(node);
      if (!across) {
        // Keys down the first column: | RTO | 4 hours |, | Owner | DBA team |
        rows.forEach((row, r) => {
          const name = row[0] ?? '';
          const which = objectiveName(name);
          const value = row.slice(1).find((c) => firstDuration(c) !== undefined);
          if (which && value !== undefined) objective(node.children[r]!, which, firstDuration(value)!, `${name} | ${value}`);
          const key = keyOf(name);
          if (key && inHead && row.length === 2) header(node.children[r]!, key, row[1]!);
        });
      } else {
        // Keys across the header row, values in the first row below: | Title | Owner | RTO |
        const below = rows[1]!;
        top.forEach((name, c) => {
          const which = objectiveName(name);
          const value = below[c] ?? '';
          if (which && firstDuration(value) !== undefined) objective(node.children[1]!, which, firstDuration(value)!, `${name} | ${value}`);
          const key = keyOf(name);
          if (key && inHead) header(node.children[1]!, key, value);
        });
      }
    } else if (node.type === 'paragraph' || node.type === 'heading') {
      for (const s of statedObjectives(textOf(node))) objective(node, s.objective, s.ms, s.written);
    }
  }
  return facts;
}
