// Renders parseMarkdown's blocks as React elements. Links are shown as text with their address:
// a click must never navigate the app away from the checklist in the middle of an incident.
import { parseMarkdown, type Inline } from './markdown';

function Inlines({ items }: { items: Inline[] }) {
  return (
    <>
      {items.map((x, i) => {
        switch (x.t) {
          case 'code':
            return <code key={i}>{x.v}</code>;
          case 'strong':
            return <strong key={i}>{x.v}</strong>;
          case 'em':
            return <em key={i}>{x.v}</em>;
          case 'link':
            return (
              <span key={i} className="md-link">
                {x.v} <span className="md-href">({x.href})</span>
              </span>
            );
          default:
            return <span key={i}>{x.v}</span>;
        }
      })}
    </>
  );
}

export function Markdown({ source, className }: { source: string; className?: string }) {
  const blocks = parseMarkdown(source);
  if (!blocks.length) return null;
  return (
    <div className={`md ${className ?? ''}`}>
      {blocks.map((b, i) => {
        switch (b.t) {
          case 'p':
            return (
              <p key={i}>
                <Inlines items={b.inline} />
              </p>
            );
          case 'h':
            return (
              <p key={i} className="md-h">
                <Inlines items={b.inline} />
              </p>
            );
          case 'pre':
            return (
              <pre key={i} className="code">
                {b.v}
              </pre>
            );
          case 'ul':
          case 'ol': {
            const L = b.t;
            return (
              <L key={i}>
                {b.items.map((it, j) => (
                  <li key={j}>
                    <Inlines items={it} />
                  </li>
                ))}
              </L>
            );
          }
        }
      })}
    </div>
  );
}
