// Building report items: the source lines of a node and its text, shortened for one line.
import type { Nodes } from 'mdast';
import type { ImportItem, ImportItemKind } from './import-contract';

const MAX_TEXT = 100;

/** Text of any node, code and raw HTML included; block children are separated by a space. */
export function textOf(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string') return node.value;
  if (node.type === 'image') return node.alt ?? '';
  if (node.type === 'break') return '\n';
  if ('children' in node)
    return (node.children as Nodes[]).map(textOf).join(node.type === 'paragraph' || node.type === 'heading' ? '' : ' ');
  return '';
}

export function shorten(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > MAX_TEXT ? `${t.slice(0, MAX_TEXT - 1)}…` : t;
}

/** Lines of a node; a node made up by a converter (no position) takes the nearest known line. */
export function linesOf(node: { position?: { start: { line: number }; end: { line: number } } | undefined }, fallback = 1) {
  const line = node.position?.start.line ?? fallback;
  return { line, endLine: Math.max(line, node.position?.end.line ?? line) };
}

export class Items {
  readonly list: ImportItem[] = [];
  /** The last line a node with a position had: where a made-up node is reported. */
  lastLine = 1;

  add(kind: ImportItemKind, node: Nodes, note: string, text: string = textOf(node)): void {
    const { line, endLine } = linesOf(node, this.lastLine);
    this.lastLine = line;
    this.list.push({ kind, line, endLine, text: shorten(text), note });
  }

  addAt(kind: ImportItemKind, line: number, endLine: number, text: string, note: string): void {
    this.list.push({ kind, line, endLine, text: shorten(text), note });
  }

  sorted(): ImportItem[] {
    return [...this.list].sort((a, b) => a.line - b.line || a.endLine - b.endLine);
  }
}
