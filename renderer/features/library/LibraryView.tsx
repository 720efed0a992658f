// The start screen: every runbook (valid or not) and every run, with `/` to search.
import { memo, useEffect, useMemo, useRef } from 'react';
import type { RunbookVersion } from '../../../core/api';
import { useApp } from '../../store';
import { dialogOpen, hasModifier, isTyping } from '../shared/keys';
import { Errors, InvalidBadge } from './Errors';
import { filterLibrary } from './filter';
import { LibrarySync } from './LibrarySync';
import { RunbookCard } from './RunbookCard';
import { RunsList } from './RunsList';

export function LibraryView() {
  const library = useApp((s) => s.library);
  const runs = useApp((s) => s.runs);
  const query = useApp((s) => s.query);
  const setQuery = useApp((s) => s.setQuery);
  const search = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || hasModifier(e) || isTyping(e.target) || dialogOpen()) return;
      e.preventDefault();
      search.current?.focus();
      search.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const shown = useMemo(() => library && filterLibrary(library, query), [library, query]);
  const count = shown ? shown.groups.length + shown.invalid.length : 0;
  return (
    <main className="library" aria-labelledby="library-title">
      <section aria-labelledby="runs-title">
        <h2 id="runs-title">Runs</h2>
        <RunsList runs={runs} />
      </section>
      <section aria-labelledby="library-title">
        <div className="section-head">
          <h2 id="library-title">Runbooks</h2>
          <a className="button" href="#/import">
            Import documents…
          </a>
          <div className="search">
            <label htmlFor="library-search">
              Search <kbd>/</kbd>
            </label>
            <input
              id="library-search"
              ref={search}
              type="search"
              value={query}
              placeholder="title, id, tag, owner"
              onChange={(e) => setQuery(e.target.value)}
              onKeyDown={(e) => e.key === 'Escape' && (setQuery(''), e.currentTarget.blur())}
            />
          </div>
        </div>
        <LibrarySync />
        {!shown && <p className="muted">Loading runbooks…</p>}
        {shown && (
          <p className="muted" role="status">
            {query ? `${count} match${count === 1 ? '' : 'es'} for “${query}”` : `${count} runbooks`}
          </p>
        )}
        {shown && (
          <ul className="cards" aria-label="Runbooks">
            {shown.groups.map((g) => (
              <RunbookCard key={g.id} group={g} />
            ))}
            {shown.invalid.map((v) => (
              <InvalidFileCard key={v.file} v={v} />
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}

// Memoized like RunbookCard: a keystroke re-renders only what it adds or removes.
const InvalidFileCard = memo(function InvalidFileCard({ v }: { v: RunbookVersion }) {
  return (
    <li className="card is-invalid invalid-file" data-file={v.file}>
      <div className="card-head">
        <h3 className="card-title">{v.title || v.file.split(/[\\/]/).pop()}</h3>
        <InvalidBadge />
      </div>
      <p className="runbook-id">
        <code>{v.file}</code>
      </p>
      <Errors errors={v.errors} />
    </li>
  );
});
