// What in a document becomes a step: numbered lists, box items (`□`, `[ ]`, GFM task items),
// checklist lines inside a plain fence, and shell fences.
import type { Code, List, ListItem, Nodes } from 'mdast';
import { boxItem, fenceItem } from './checklist-line';
import { textOf } from './report-items';

const SHELL = new Map([
  ['bash', 'bash'],
  ['sh', 'sh'],
  ['shell', 'bash'],
] as const);
const PLAIN = new Set(['', 'text', 'txt', 'plain', 'plaintext', 'none', 'nohighlight']);

/** `bash` / `sh` for a shell fence with a script (```shell runs as bash); undefined for any other. */
export const shellLang = (code: Code): 'bash' | 'sh' | undefined =>
  code.value.trim() === '' ? undefined : SHELL.get((code.lang ?? '').toLowerCase() as 'bash');
export const isPlainFence = (code: Code) => PLAIN.has((code.lang ?? '').toLowerCase());
export const firstParagraphText = (item: ListItem) => (item.children[0]?.type === 'paragraph' ? textOf(item.children[0]) : '');
export const isBoxed = (item: ListItem) =>
  item.checked === true || item.checked === false || boxItem(firstParagraphText(item)) !== undefined;
export const lines = (text: string) => text.split(/\r\n|\r|\n/);

export function isStepMaterial(node: Nodes): boolean {
  if (node.type === 'list') return (node as List).ordered === true || node.children.some(isBoxed);
  if (node.type === 'paragraph') return lines(textOf(node)).some((l) => boxItem(l) !== undefined);
  if (node.type === 'code')
    return shellLang(node) !== undefined || (isPlainFence(node) && lines(node.value).some((l) => fenceItem(l) !== undefined));
  return false;
}
