// Markdown from wikis and static sites often starts with YAML front matter (`---` … `---`):
// its title, owner, version, rto and rpo are taken; other keys are listed as not imported.
// The block is blanked (lines kept) so the markdown parser does not read it as a heading.
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { HeaderFacts } from './header-facts';
import { Items } from './report-items';
import { firstDuration } from './spoken-duration';
import { formatDuration } from '../runbook/duration';

const FENCE = /^---\s*$/;
const TEXT_KEYS = ['title', 'owner', 'version'] as const;

export function splitFrontMatter(text: string, items: Items): { body: string; facts: HeaderFacts } {
  const lines = text.split(/(?<=\r\n|\n|\r(?!\n))/);
  if (!FENCE.test(lines[0] ?? '')) return { body: text, facts: {} };
  const close = lines.findIndex((l, i) => i > 0 && FENCE.test(l.replace(/\r?\n$|\r$/, '')));
  if (close < 0) return { body: text, facts: {} };
  const yamlText = lines.slice(1, close).join('');
  const blanked = lines.slice(0, close + 1).map((l) => l.replace(/[^\r\n]/g, ''));
  const body = [...blanked, ...lines.slice(close + 1)].join('');
  const facts: HeaderFacts = {};
  const counter = new LineCounter();
  let doc;
  try {
    doc = parseDocument(yamlText, { lineCounter: counter, uniqueKeys: false });
  } catch {
    doc = undefined;
  }
  if (!doc || doc.errors.length > 0 || !isMap(doc.contents)) {
    items.addAt('unmapped', 1, close + 1, yamlText, 'front matter that is not a YAML mapping: not imported');
    return { body, facts };
  }
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const line = 2 + (isScalar(pair.key) && pair.key.range ? counter.linePos(pair.key.range[0]).line - 1 : 0);
    const value = isScalar(pair.value) ? String(pair.value.value ?? '').trim() : undefined;
    const lower = key.toLowerCase();
    if ((TEXT_KEYS as readonly string[]).includes(lower) && value) {
      facts[lower as (typeof TEXT_KEYS)[number]] = value;
      items.addAt('front-matter', line, line, `${key}: ${value}`, `${lower} from the document's front matter`);
    } else if ((lower === 'rto' || lower === 'rpo') && value && firstDuration(value) !== undefined) {
      const ms = firstDuration(value)!;
      facts[lower === 'rto' ? 'rtoMs' : 'rpoMs'] = ms;
      items.addAt('front-matter', line, line, `${key}: ${value}`, `${lower}: ${formatDuration(ms)}`);
    } else items.addAt('unmapped', line, line, `${key}: ${value ?? '…'}`, `front matter key "${key}": not imported`);
  }
  return { body, facts };
}
