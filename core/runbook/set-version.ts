// Writes a new `version` into a runbook's front matter and changes nothing else: comments, key
// order, quoting and line endings stay as written, so a saved edit diffs as the edit itself.
import { isMap, isScalar, parseDocument } from 'yaml';

const FENCE = /^---[ \t]*$/;
const CLOSE = /^(---|\.\.\.)[ \t]*$/;

/** Start and end offsets of the YAML between the front matter fences, or undefined without them. */
function frontMatterSpan(source: string): { start: number; end: number } | undefined {
  const bom = source.startsWith('\uFEFF') ? 1 : 0;
  // Lines with their endings (LF, CR LF or a lone CR, as the parser counts them).
  const lines = source.slice(bom).match(/[^\r\n]*(?:\r\n|\r|\n|$)/g) ?? [];
  if (!FENCE.test(lines[0]?.replace(/\r?\n$|\r$/, '') ?? '')) return undefined;
  let offset = bom + lines[0]!.length;
  const start = offset;
  for (const line of lines.slice(1)) {
    if (line === '') break;
    if (CLOSE.test(line.replace(/\r?\n$|\r$/, ''))) return { start, end: offset };
    offset += line.length;
  }
  return undefined;
}

/** `source` with its front matter `version` set to `version`; undefined when there is none to set. */
export function withVersion(source: string, version: string): string | undefined {
  const span = frontMatterSpan(source);
  if (!span) return undefined;
  const yaml = source.slice(span.start, span.end);
  const doc = parseDocument(yaml);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  const pair = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'version');
  const node = pair?.value;
  if (!isScalar(node) || !node.range) return undefined;
  const [from, to] = node.range;
  const quote = yaml[from] === '"' || yaml[from] === "'" ? yaml[from] : '';
  const at = span.start + from;
  return source.slice(0, at) + quote + version + quote + source.slice(span.start + to);
}
