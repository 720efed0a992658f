// Step, phase and runbook descriptions as React elements, parsed with the engine's own mdast
// parser (CommonMark + GFM), so a code span, emphasis or list reads here as it does in the
// runbook file. Elements only, never HTML strings: React escapes every character and raw HTML
// is shown as text. Links are shown as text with their address: a click must never navigate
// the app away from the checklist in the middle of an incident. As a `document` (the format
// reference), headings are real headings with anchors and a `#` link scrolls to its heading.
import type { ReactNode } from 'react';
import type { Nodes, RootContent } from 'mdast';
import { parseMarkdown } from '../../../core/runbook/markdown';

export const plain = (n: Nodes): string =>
  'value' in n && typeof n.value === 'string' ? n.value : 'children' in n ? (n.children as Nodes[]).map(plain).join('') : '';

/** GitHub's heading anchors, near enough: lower case, spaces to "-", punctuation dropped. */
export const headingSlug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/\s+/g, '-');

/** A link inside the reference scrolls to its heading (never a navigation: unsaved work stays). */
function inDocumentLink(url: string, children: ReactNode[], key: number): ReactNode {
  return (
    <button
      key={key}
      type="button"
      className="link-button"
      onClick={() => document.getElementById(`ref-${url.slice(1)}`)?.scrollIntoView({ block: 'start' })}
    >
      {children}
    </button>
  );
}

/** The element builders for a description (`doc` false) or a reference document. */
function renderers(doc: boolean) {
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
          if (doc && n.url.startsWith('#')) return inDocumentLink(n.url, inline(n.children), i);
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
      case 'heading': {
        if (!doc)
          return (
            <p key={i} className="md-h">
              {inline(n.children)}
            </p>
          );
        const H = `h${Math.min(n.depth + 1, 6)}` as 'h2';
        return (
          <H key={i} id={`ref-${headingSlug(plain(n))}`}>
            {inline(n.children)}
          </H>
        );
      }
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

  return block;
}

const descriptionBlock = renderers(false);
const documentBlock = renderers(true);

/** `document`: render as a reference document (anchored headings, in-document links). */
export function Markdown({ source, className, document: doc = false }: { source: string; className?: string; document?: boolean }) {
  const blocks = parseMarkdown(source).children;
  if (!blocks.length) return null;
  const block = doc ? documentBlock : descriptionBlock;
  return <div className={`md ${className ?? ''}`}>{blocks.map((b, i) => block(b, i))}</div>;
}
