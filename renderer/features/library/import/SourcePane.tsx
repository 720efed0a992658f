// The source document with line numbers, each line marked with what the import made of it; the
// parts that were not mapped stand out, so a reviewer sees at once what the draft lacks.
import type { ImportItem, ImportItemKind } from '../../../../core/api';

/** The kind of item covering each 1-based line ('unmapped' wins over anything else). */
export function lineKinds(items: ImportItem[], lineCount: number): (ImportItemKind | undefined)[] {
  const kinds: (ImportItemKind | undefined)[] = new Array(lineCount + 1).fill(undefined);
  for (const it of items)
    for (let n = Math.max(it.line, 1); n <= Math.min(it.endLine, lineCount); n++) if (kinds[n] !== 'unmapped') kinds[n] = it.kind;
  return kinds;
}

export function SourcePane({ source, items }: { source: string; items: ImportItem[] }) {
  const lines = source.split(/\r\n|\r|\n/);
  const kinds = lineKinds(items, lines.length);
  return (
    <div className="import-source" aria-label="Source document" role="region" tabIndex={0}>
      <ol className="source-lines">
        {lines.map((l, i) => {
          const kind = kinds[i + 1];
          return (
            <li key={i} className={kind ? `src-${kind}` : undefined} data-line={i + 1} title={kind === 'unmapped' ? 'not mapped' : kind}>
              <code>{l || ' '}</code>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

export function Unmapped({ items }: { items: ImportItem[] }) {
  const unmapped = items.filter((i) => i.kind === 'unmapped');
  if (unmapped.length === 0) return <p className="lint-ok">Everything in the source was mapped.</p>;
  return (
    <section aria-label="Not mapped">
      <h3>Not mapped ({unmapped.length}): not in the draft, check each one</h3>
      <ul className="errors unmapped-list">
        {unmapped.map((it, i) => (
          <li key={i}>
            <code>
              line {it.line}
              {it.endLine > it.line ? `–${it.endLine}` : ''}
            </code>{' '}
            {it.text} — {it.note}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function MappedList({ items }: { items: ImportItem[] }) {
  const mapped = items.filter((i) => i.kind !== 'unmapped');
  return (
    <details className="import-mapped">
      <summary>What became what ({mapped.length})</summary>
      <ul>
        {mapped.map((it, i) => (
          <li key={i}>
            <code>
              line {it.line}
              {it.endLine > it.line ? `–${it.endLine}` : ''}
            </code>{' '}
            <strong>{it.kind}</strong>: {it.note}
          </li>
        ))}
      </ul>
    </details>
  );
}
