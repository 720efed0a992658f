// What a draft must not carry, whatever the source format: raw HTML (a `<script>` in a markdown
// page is raw HTML too), images (remote URLs the app would fetch), and links that are not
// http(s), mailto or relative (`javascript:`). Each is listed as not imported; a link keeps its text.
import type { Nodes, Parent, Root, RootContent } from 'mdast';
import { Items, textOf } from './report-items';

const SAFE_URL = /^(?:https?:|mailto:|#|\/|\.{0,2}\/|[^:/?#]*(?:[/?#]|$))/i;

function clean(parent: Parent, items: Items): void {
  const out: RootContent[] = [];
  for (const child of parent.children as RootContent[]) {
    if (child.position) items.lastLine = child.position.start.line;
    if (child.type === 'html') {
      if (child.value.trim()) items.add('unmapped', child, 'raw HTML: not imported (never run or kept)');
      continue;
    }
    if (child.type === 'image' || child.type === 'imageReference') {
      items.add(
        'unmapped',
        child,
        `image${child.alt ? ` "${child.alt}"` : ''}: not imported`,
        child.type === 'image' ? child.url : (child.alt ?? ''),
      );
      continue;
    }
    if (child.type === 'link' && !SAFE_URL.test(child.url.trim())) {
      items.add(
        'unmapped',
        child,
        `link to "${child.url.slice(0, 40)}" removed (only http, https, mailto and relative links are kept); its text stays`,
        child.url,
      );
      clean(child, items);
      out.push(...(child.children as RootContent[]));
      continue;
    }
    if ('children' in child) {
      clean(child as Parent, items);
      // What removing an image or raw HTML left empty is not kept as an empty paragraph.
      if (child.type === 'paragraph' && isBlank(child)) continue;
    }
    out.push(child);
  }
  parent.children = out as Parent['children'];
}

export function cleanMdast(root: Root, items: Items): void {
  clean(root, items);
}

/** A paragraph (or other parent) left with nothing but white space after cleaning. */
export const isBlank = (n: Nodes) => textOf(n).trim() === '' && !(n.type === 'thematicBreak');
