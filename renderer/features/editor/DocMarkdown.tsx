// A reference document (CommonMark + GFM tables) as React elements, parsed with the same mdast
// parser the engine reads runbooks with. Elements only, never HTML strings: React escapes every
// character, and raw HTML in the document is shown as text.
import type { ReactNode } from 'react';
import type { Nodes, RootContent } from 'mdast';
import { parseMarkdown } from '../../../core/runbook/markdown';

/** GitHub's heading anchors, near enough: lower case, spaces to "-", punctuation dropped. */
export const headingSlug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/\s+/g, '-');

export function plain(n: Nodes): string {
  if ('value' in n && typeof n.value === 'string') return n.value;
  if ('children' in n) return (n.children as Nodes[]).map(plain).join('');
  return '';
}

function inline(nodes: Nodes[]): ReactNode[] {
  return nodes.map((n, i) => {
    switch (n.type) {
      case 'text':
        return n.value;
      case 'inlineCode':
        return <code key={i}>{n.value}</code>;
      case 'strong':
        return <strong key={i}>{inline(n.children)}</strong>;
      case 'emphasis':
        return <em key={i}>{inline(n.children)}</em>;
      case 'delete':
        return <del key={i}>{inline(n.children)}</del>;
      case 'break':
        return <br key={i} />;
      case 'link':
        // A link inside the document scrolls to its heading; others are shown, not followed:
        // the app must not navigate away from unsaved work.
        if (n.url.startsWith('#'))
          return (
            <button
              key={i}
              type="button"
              className="link-button"
              onClick={() => document.getElementById(`ref-${n.url.slice(1)}`)?.scrollIntoView({ block: 'start' })}
            >
              {inline(n.children)}
            </button>
          );
        return (
          <span key={i} className="md-link">
            {inline(n.children)} <span className="md-href">({n.url})</span>
          </span>
        );
      case 'html':
        return <code key={i}>{n.value}</code>;
      default:
        return 'children' in n ? inline(n.children as Nodes[]) : plain(n);
    }
  });
}

function block(n: RootContent, i: number): ReactNode {
  switch (n.type) {
    case 'heading': {
      const H = `h${Math.min(n.depth + 1, 6)}` as 'h2';
      return (
        <H key={i} id={`ref-${headingSlug(plain(n))}`}>
          {inline(n.children)}
        </H>
      );
    }
    case 'paragraph':
      return <p key={i}>{inline(n.children)}</p>;
    case 'code':
      return (
        <pre key={i} className="code">
          {n.value}
        </pre>
      );
    case 'list': {
      const L = n.ordered ? 'ol' : 'ul';
      return (
        <L key={i}>
          {n.children.map((item, j) => (
            <li key={j}>{item.children.map(block)}</li>
          ))}
        </L>
      );
    }
    case 'blockquote':
      return <blockquote key={i}>{n.children.map(block)}</blockquote>;
    case 'table': {
      const [head, ...rows] = n.children;
      return (
        <table key={i}>
          {head && (
            <thead>
              <tr>
                {head.children.map((c, j) => (
                  <th key={j}>{inline(c.children)}</th>
                ))}
              </tr>
            </thead>
          )}
          <tbody>
            {rows.map((r, j) => (
              <tr key={j}>
                {r.children.map((c, k) => (
                  <td key={k}>{inline(c.children)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      );
    }
    case 'thematicBreak':
      return <hr key={i} />;
    case 'html':
      return (
        <pre key={i} className="code">
          {n.value}
        </pre>
      );
    default:
      return null;
  }
}

export function DocMarkdown({ source }: { source: string }) {
  return <div className="doc">{parseMarkdown(source).children.map(block)}</div>;
}
