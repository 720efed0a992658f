// Library → Import: pick or drop wiki / policy documents; each becomes a draft runbook shown beside
// its source with what was not mapped, edited in the runbook editor (live lint), and saved into
// the user's runbook folder, where the library lists it.
import { useState } from 'react';
import { MAX_IMPORT_BYTES } from '../../../../core/runbook/limits';
import { hrefFor } from '../../../router';
import { FormatReference } from '../../editor/FormatReference';
import { ImportDraft } from './ImportDraft';
import '../../editor/editor.css';
import './import.css';

// No document over the importer's own limit is read into memory; below it the engine decides
// (markdown stops at 1 MB, as runbooks do) and says why.
const MB = 1024 * 1024;

export interface PickedFile {
  name: string;
  content?: string;
  problem?: string;
}

async function readPicked(files: FileList | File[]): Promise<PickedFile[]> {
  return Promise.all(
    [...files].map(async (f) => {
      if (f.size > MAX_IMPORT_BYTES)
        return {
          name: f.name,
          problem: `${f.name} is ${(f.size / MB).toFixed(1)} MB; documents up to ${MAX_IMPORT_BYTES / MB} MB can be imported: split it`,
        };
      try {
        const bytes = new Uint8Array(await f.arrayBuffer());
        return { name: f.name, content: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
      } catch {
        return { name: f.name, problem: `${f.name} is not UTF-8 text: export it as markdown or HTML` };
      }
    }),
  );
}

export function ImportView() {
  const [picked, setPicked] = useState<PickedFile[]>([]);
  const [active, setActive] = useState(0);
  const [over, setOver] = useState(false);
  const [showReference, setShowReference] = useState(false);
  const add = async (files: FileList | File[]) => {
    const read = await readPicked(files);
    setPicked((p) => {
      setActive(p.length);
      return [...p, ...read];
    });
  };
  const current = picked[active];
  return (
    <main className="import" aria-labelledby="import-title">
      <p>
        <a href={hrefFor({ name: 'library' })}>← Library</a>
      </p>
      <div className="editor-head">
        <h2 id="import-title">Import documents as runbooks</h2>
        <button type="button" aria-pressed={showReference} onClick={() => setShowReference((v) => !v)}>
          Format reference
        </button>
      </div>
      {showReference && <FormatReference onClose={() => setShowReference(false)} />}
      <div
        className={`drop-zone${over ? ' is-over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void add(e.dataTransfer.files);
        }}
      >
        <label htmlFor="import-files">Markdown or HTML (a wiki export): pick files, or drop them here</label>
        <input
          id="import-files"
          type="file"
          multiple
          accept=".md,.markdown,.txt,.html,.htm,text/markdown,text/html,text/plain"
          onChange={(e) => {
            if (e.target.files) void add(e.target.files);
            e.target.value = '';
          }}
        />
      </div>
      {picked.length > 1 && (
        <ul className="import-files" aria-label="Picked documents">
          {picked.map((p, i) => (
            <li key={i}>
              <button type="button" aria-current={i === active} onClick={() => setActive(i)}>
                {p.name}
              </button>
            </li>
          ))}
        </ul>
      )}
      {current?.problem && (
        <p className="problem" role="alert">
          {current.problem}
        </p>
      )}
      {/* Every picked document keeps its draft while another is shown. */}
      {picked.map((p, i) =>
        p.content === undefined ? null : (
          <div key={i} hidden={i !== active}>
            <ImportDraft fileName={p.name} content={p.content} />
          </div>
        ),
      )}
    </main>
  );
}
