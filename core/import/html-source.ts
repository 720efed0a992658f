// HTML exported from a wiki (Confluence "export to HTML", a saved page) into mdast, through
// rehype-parse (parse5, the HTML standard's parser) and hast-util-to-mdast. Nothing in it is
// ever run: scripts, styles, embedded objects and event handlers are taken out first and
// listed as not imported. Confluence's code macro (`brush: bash`) and inline task lists are
// given the shapes the converter knows (a language class, a checkbox).
import type { Element, ElementContent, Root as HastRoot, RootContent as HastContent } from 'hast';
import type { Root } from 'mdast';
import { toMdast } from 'hast-util-to-mdast';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { ApiError } from '../errors';
import { Items, shorten } from './report-items';

/** Deeper than any real page; a hostile one is refused before the converter recurses into it. */
export const MAX_HTML_DEPTH = 200;

const ACTIVE = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'svg',
  'math',
  'canvas',
  'video',
  'audio',
  'form',
  'button',
  'select',
  'textarea',
]);
// Not page content: how the page was delivered (head metadata) is not reported.
const QUIET = new Set(['meta', 'link', 'base', 'title']);

export interface HtmlDocument {
  root: Root;
  /** `<title>`, for the runbook title when the page has none of its own. */
  title?: { text: string; line: number };
}

type Parent = HastRoot | Element;

function checkDepth(tree: HastRoot, fileName: string): void {
  const stack: [HastContent | HastRoot, number][] = [[tree, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_HTML_DEPTH) {
      const line = node.position?.start.line ?? 1;
      throw new ApiError(
        'bad_request',
        `${fileName}:${line}: elements are nested more than ${MAX_HTML_DEPTH} levels deep; a wiki page is not: flatten it`,
      );
    }
    if ('children' in node) for (const c of node.children) stack.push([c, depth + 1]);
  }
}

const textOfHast = (n: HastContent | HastRoot): string =>
  n.type === 'text' ? n.value : 'children' in n ? (n.children as HastContent[]).map(textOfHast).join('') : '';

const classes = (e: Element): string[] => {
  const c = e.properties.className;
  return Array.isArray(c) ? c.map(String) : [];
};
const isChrome = (e: Element) =>
  e.tagName === 'nav' || /breadcrumb|footer/i.test(String(e.properties.id ?? '')) || classes(e).some((c) => /breadcrumb|^footer$/i.test(c));

function lineOf(n: HastContent): { line: number; endLine: number } {
  const line = n.position?.start.line ?? 1;
  return { line, endLine: n.position?.end.line ?? line };
}

/** `brush: bash; gutter: false` → `bash`. */
const brushOf = (e: Element) => /(?:^|;)\s*brush:\s*([\w-]+)/.exec(String(e.properties.dataSyntaxhighlighterParams ?? ''))?.[1];

function sanitize(parent: Parent, items: Items, found: HtmlDocument): void {
  const kept: ElementContent[] = [];
  for (const child of parent.children as ElementContent[]) {
    if (child.type === 'comment') {
      const { line, endLine } = lineOf(child);
      if (child.value.trim()) items.addAt('unmapped', line, endLine, child.value, 'HTML comment: not imported');
      continue;
    }
    if (child.type !== 'element') {
      kept.push(child);
      continue;
    }
    const { line, endLine } = lineOf(child);
    const tag = child.tagName;
    if (tag === 'title' && !found.title) found.title = { text: textOfHast(child).trim(), line };
    if (QUIET.has(tag)) continue;
    if (ACTIVE.has(tag) || (tag === 'input' && child.properties.type !== 'checkbox')) {
      items.addAt('unmapped', line, endLine, `<${tag}> ${textOfHast(child)}`, `<${tag}> is not imported (never run or kept)`);
      continue;
    }
    if (isChrome(child)) {
      items.addAt('unmapped', line, endLine, textOfHast(child), 'page navigation or footer: not imported');
      continue;
    }
    for (const key of Object.keys(child.properties)) {
      if (!/^on/i.test(key)) continue;
      items.addAt(
        'unmapped',
        line,
        endLine,
        `${key}=${shorten(String(child.properties[key]))}`,
        `event handler on <${tag}>: removed, never run`,
      );
      delete child.properties[key];
    }
    const brush = tag === 'pre' ? brushOf(child) : undefined;
    if (brush && !child.children.some((c) => c.type === 'element' && c.tagName === 'code')) {
      child.children = [
        {
          type: 'element',
          tagName: 'code',
          properties: { className: [`language-${brush}`] },
          children: child.children,
          position: child.position,
        },
      ];
    }
    if (tag === 'li' && parent.type === 'element' && classes(parent).includes('inline-task-list')) {
      child.children.unshift({
        type: 'element',
        tagName: 'input',
        properties: { type: 'checkbox', checked: classes(child).includes('checked') },
        children: [],
      });
    }
    sanitize(child, items, found);
    kept.push(child);
  }
  parent.children = kept as Parent['children'];
}

export function htmlToMdast(text: string, fileName: string, items: Items): HtmlDocument {
  const tooDeep = () => new ApiError('bad_request', `${fileName}: elements are nested too deeply to read; a wiki page is not: flatten it`);
  let tree: HastRoot;
  try {
    tree = unified().use(rehypeParse).parse(text);
  } catch (err) {
    // The HTML → hast step recurses per level: a hostile depth ends in a stack overflow.
    if (err instanceof RangeError) throw tooDeep();
    throw err;
  }
  checkDepth(tree, fileName);
  const found: HtmlDocument = { root: { type: 'root', children: [] } };
  sanitize(tree, items, found);
  const root = toMdast(tree);
  found.root = root.type === 'root' ? root : { type: 'root', children: [] };
  return found;
}
