// docs/RUNBOOK-FORMAT.md, the one reference of the format, built into the app: it opens offline,
// in browser mode and in the desktop app alike, and is always the version the app checks against.
import formatDoc from '../../../docs/RUNBOOK-FORMAT.md?raw';
import { DocMarkdown } from './DocMarkdown';

export function FormatReference({ onClose }: { onClose(): void }) {
  return (
    <aside className="format-reference" aria-label="Runbook format reference">
      <div className="format-reference-head">
        <strong>Runbook format reference</strong>
        <button type="button" onClick={onClose}>
          Close reference
        </button>
      </div>
      <DocMarkdown source={formatDoc} />
    </aside>
  );
}
