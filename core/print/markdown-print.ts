// Step and phase descriptions for paper: the markdown parsed with the runbook's own parser and
// written out as plain, escaped HTML. Emphasis, code, lists, checklists (☐), quotes and tables
// keep their shape; raw HTML in the source is shown as text, never passed through; links show
// their address, since paper cannot be clicked.
import type { Nodes } from 'mdast';
import { esc } from '../report/html-format';
import { parseMarkdown } from '../runbook/markdown';

function inline(nodes: Nodes[]): string {
  return nodes.map(inlineNode).join('');
}

function inlineNode(n: Nodes): string {
  switch (n.type) {
    case 'text':
    case 'html':
      return esc(n.value);
    case 'inlineCode':
      return `<code>${esc(n.value)}</code>`;
    case 'strong':
      return `<strong>${inline(n.children)}</strong>`;
    case 'emphasis':
      return `<em>${inline(n.children)}</em>`;
    case 'delete':
      return `<del>${inline(n.children)}</del>`;
    case 'break':
      return '<br>';
    case 'link': {
      const text = inline(n.children);
      return text === esc(n.url) ? text : `${text} (${esc(n.url)})`;
    }
    case 'image':
      return esc(n.alt ?? '');
    default:
      return 'children' in n ? inline(n.children as Nodes[]) : '';
  }
}

function block(n: Nodes): string {
  switch (n.type) {
    case 'paragraph':
      return `<p>${inline(n.children)}</p>`;
    case 'heading':
      return `<p><strong>${inline(n.children)}</strong></p>`;
    case 'code':
      return `<pre>${esc(n.value)}</pre>`;
    case 'html':
      return `<p>${esc(n.value)}</p>`;
    case 'blockquote':
      return `<blockquote>${n.children.map(block).join('')}</blockquote>`;
    case 'list': {
      const tag = n.ordered ? 'ol' : 'ul';
      const items = n.children.map((li) => {
        const box = li.checked === null || li.checked === undefined ? '' : `<span class="box-sm">${li.checked ? '☒' : '☐'}</span> `;
        // A tight list item's paragraphs are its text, not separate blocks.
        const body = li.children.map((c) => (c.type === 'paragraph' ? inline(c.children) : block(c))).join(' ');
        return `<li${box ? ' class="task"' : ''}>${box}${body}</li>`;
      });
      return `<${tag}>${items.join('')}</${tag}>`;
    }
    case 'table':
      return `<table class="md">${n.children.map((row) => `<tr>${row.children.map((c) => `<td>${inline(c.children)}</td>`).join('')}</tr>`).join('')}</table>`;
    case 'thematicBreak':
      return '<hr>';
    default:
      return 'children' in n ? (n.children as Nodes[]).map(block).join('') : '';
  }
}

export function markdownHtml(source: string): string {
  return parseMarkdown(source).children.map(block).join('\n');
}
