// Step, phase and runbook descriptions as React elements, parsed with the engine's own mdast
// parser (CommonMark + GFM), so a code span, emphasis or list reads here as it does in the
// runbook file. Elements only, never HTML strings: React escapes every character and raw HTML
// is shown as text. Links are shown as text with their address: a click must never navigate
// the app away from the checklist in the middle of an incident.
import type { ReactNode } from 'react';
import type { Nodes, RootContent } from 'mdast';
import { parseMarkdown } from '../../../core/runbook/markdown';

const plain = (n: Nodes): string =>
  'value' in n && typeof n.value === 'string' ? n.value : 'children' in n ? (n.children as Nodes[]).map(plain).join('') : '';

function inline(nodes: readonly Nodes[]): ReactNode[] {
  return nodes.map((n, i) => {
    switch (n.type) {
      case 'text':
        // A soft line break reads as a space.
        return n.value.replace(/\n/g, ' ');
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
        return (
          <span key={i} className="md-link">
            {inline(n.children)} <span className="md-href">({n.url})</span>
          </span>
        );
      case 'image':
        return (
          <span key={i} className="md-link">
            {n.alt ?? ''} <span className="md-href">({n.url})</span>
          </span>
        );
      case 'html':
        // Shown as the text it is, never interpreted.
        return n.value;
      default:
        return 'children' in n ? inline(n.children as Nodes[]) : plain(n);
    }
  });
}

function block(n: RootContent, i: number, tight = false): ReactNode {
  switch (n.type) {
    case 'heading':
      return (
        <p key={i} className="md-h">
          {inline(n.children)}
        </p>
      );
    case 'paragraph':
      // A tight list item's text is not a paragraph of its own.
      return tight ? <span key={i}>{inline(n.children)}</span> : <p key={i}>{inline(n.children)}</p>;
    case 'code':
    case 'html':
      return (
        <pre key={i} className="code">
          {n.value}
        </pre>
      );
    case 'list': {
      const L = n.ordered ? 'ol' : 'ul';
      return (
        <L key={i} {...(n.ordered && n.start && n.start !== 1 ? { start: n.start } : {})}>
          {n.children.map((item, j) => (
            <li key={j}>{item.children.map((c, k) => block(c, k, !(n.spread || item.spread)))}</li>
          ))}
        </L>
      );
    }
    case 'blockquote':
      return <blockquote key={i}>{n.children.map((c, k) => block(c, k))}</blockquote>;
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
    default:
      return null;
  }
}

export function Markdown({ source, className }: { source: string; className?: string }) {
  const blocks = parseMarkdown(source).children;
  if (!blocks.length) return null;
  return <div className={`md ${className ?? ''}`}>{blocks.map((b, i) => block(b, i))}</div>;
}
