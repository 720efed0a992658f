// The importer's part of the contract (core/api.ts joins it): turn a wiki or policy document
// (markdown, or HTML exported from a wiki) into a draft runbook, show what was mapped, and
// save the draft as a new file in the library's local folder (<dataDir>/library).
//
// Flow in the app: previewImport with the file's text (again with `options` whenever the user
// changes id, title, version, RTO/RPO or the host role) → show `source` beside `draft` and the
// report (highlight `unmapped` lines) → saveImport with the (possibly edited) draft.
import { z } from 'zod';
import type { RunbookVersion } from '../runbook/library-contract';
import { MAX_IMPORT_BYTES } from '../runbook/limits';

/** What the user may set instead of what the importer found; each is optional. */
export const importOptions = z
  .object({
    /** Runbook id, `[a-z0-9-]+`; default: the slug of the title. */
    id: z.string().max(200).optional(),
    title: z.string().max(500).optional(),
    /** Semantic version; default 0.1.0 (a draft), or the document's version when it is semver. */
    version: z.string().max(100).optional(),
    owner: z.string().max(500).optional(),
    /** Durations as runbooks write them (`4h`, `1h30m`); empty string removes the key. */
    rto: z.string().max(50).optional(),
    rpo: z.string().max(50).optional(),
    /** The host role command steps are bound to (declared under `hosts:`, bound when a run starts); default `target`. */
    hostRole: z.string().max(100).optional(),
  })
  .strict();
export type ImportOptions = z.infer<typeof importOptions>;

export const importCommands = {
  /** Convert one document; nothing is written. `content` is the file's text (UTF-8). */
  previewImport: z
    .object({ fileName: z.string().min(1).max(255), content: z.string().max(MAX_IMPORT_BYTES), options: importOptions.optional() })
    .strict(),
  /**
   * Save a draft as `<dataDir>/library/<id>/<id>-<version>.md`. The draft must lint clean; an
   * existing file or an id@version the library already has is refused (`conflict`), never replaced.
   * `fileName` is the source document's name, only used in messages.
   */
  saveImport: z.object({ draft: z.string().min(1).max(MAX_IMPORT_BYTES), fileName: z.string().max(255).optional() }).strict(),
} as const;

/**
 * One part of the source and what became of it. `line`/`endLine` are 1-based lines of the
 * source document (for HTML: of the HTML file).
 */
export interface ImportItem {
  kind: ImportItemKind;
  line: number;
  endLine: number;
  /** The source text, shortened to one line for display. */
  text: string;
  /** What it became: `phase "Recovery" {budget=1h30m}`, `step "stop-app"`, `rto: 4h`, or why it was not mapped. */
  note: string;
}

/**
 * - `front-matter`: became id/title/version/owner/rto/rpo
 * - `phase`, `step` (manual), `command` (a bash step bound to the host role)
 * - `description`: kept as a phase's or step's description (prose, tables, quotes, other code)
 * - `unmapped`: not in the draft (scripts, styles, images without text, …): the user must look at these
 */
export type ImportItemKind = 'front-matter' | 'phase' | 'step' | 'command' | 'description' | 'unmapped';

export interface ImportReport {
  fileName: string;
  format: 'markdown' | 'html';
  items: ImportItem[];
  /** The draft checked by the runbook linter (lines of the draft); empty when it lints clean. */
  lint: ImportLint[];
  /** Front matter as drafted, for the form: what the user can override with ImportOptions. */
  header: { id: string; title: string; version: string; owner?: string; rto?: string; rpo?: string; hostRole?: string };
}

/** A lint finding on the draft (`drillbook lint` prints the same, with `warning:` for warnings). */
export interface ImportLint {
  line: number;
  column: number;
  message: string;
  severity: 'error' | 'warning';
}

export interface ImportPreview {
  draft: string;
  report: ImportReport;
  /** The source as read (text; for HTML the HTML), to show beside the draft. */
  source: string;
}

export interface ImportSaved {
  /** Absolute path of the new file. */
  file: string;
  entry: RunbookVersion;
}

export interface ImportOutputs {
  previewImport: ImportPreview;
  saveImport: ImportSaved;
}
