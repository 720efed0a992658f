// Shown once a draft is saved: where it went, and the way to it.
import { hrefFor } from '../../../router';
import { useApp } from '../../../store';

export function SavedNote({ id, version, file }: { id: string; version: string; file: string }) {
  const library = useApp((s) => s.library);
  const listed = library?.groups.some((g) => g.id === id && g.versions.some((v) => v.version === version));
  return (
    <p className="saved-note" role="status">
      Saved as <code>{`${id}@${version}`}</code> in <code>{file}</code>
      {listed ? ' — it is in the library now. ' : '. '}
      <a href={hrefFor({ name: 'runbook', id, version })}>Open it</a>
    </p>
  );
}
