// The markdown layer: CommonMark + GFM (task lists) via mdast, and helpers to read nodes back
// as plain text or as their exact source markdown.
import type { Nodes, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';

export function parseMarkdown(text: string): Root {
  return fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

/** Plain text of inline content, as a title is shown (emphasis and code marks dropped). */
export function plainText(node: Nodes): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value;
  if (node.type === 'break') return ' ';
  if (node.type === 'image') return node.alt ?? '';
  if ('children' in node) return (node.children as Nodes[]).map(plainText).join('');
  return '';
}

export const startOf = (n: Nodes) => n.position!.start.offset!;
export const endOf = (n: Nodes) => n.position!.end.offset!;

/** The source markdown of consecutive nodes; lines after the first lose `indent` columns. */
export function sourceOf(text: string, nodes: Nodes[], indent = 0): string {
  if (nodes.length === 0) return '';
  const raw = text.slice(startOf(nodes[0]!), endOf(nodes[nodes.length - 1]!));
  if (indent === 0) return raw.trim();
  const strip = new RegExp(`^ {0,${indent}}`);
  return raw
    .split('\n')
    .map((l, i) => (i === 0 ? l : l.replace(strip, '')))
    .join('\n')
    .trim();
}

export function joinMarkdown(parts: string[]): string {
  return parts.filter((p) => p !== '').join('\n\n');
}

/** Every node below `node` (not `node` itself), depth first. */
export function* descendants(node: Nodes): Generator<Nodes> {
  if (!('children' in node)) return;
  for (const child of node.children as Nodes[]) {
    yield child;
    yield* descendants(child);
  }
}
