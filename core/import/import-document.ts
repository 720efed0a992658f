// Importing one document (markdown, or HTML exported from a wiki) into a draft runbook, with a
// report of what became what, each at its source line, and the draft's own lint findings.
// Pure: reads nothing, writes nothing; bad input is an ApiError('bad_request') naming the file.
import type { Code } from 'mdast';
import { isSemver } from '../runbook/semver';
import { formatDuration as formatDurationOf, parseDuration } from '../runbook/duration';
import { analyzeRunbook } from '../runbook/parse';
import { ID_PATTERN, slugify } from '../runbook/slug';
import { parseMarkdown } from '../runbook/markdown';
import { MAX_PREFIX_COLUMNS } from '../runbook/limits';
import { tooDeep } from '../runbook/nesting';
import { SourceText } from '../runbook/source';
import { ApiError } from '../errors';
import { cleanMdast } from './clean-mdast';
import type { DraftHeader } from './draft-model';
import { readHeaderFacts, type HeaderFacts } from './header-facts';
import { htmlToMdast } from './html-source';
import type { ImportLint, ImportOptions, ImportPreview, ImportReport } from './import-contract';
import { assignBudgets } from './budgets';
import { mapOutline, type MappedOutline } from './map-outline';
import { formatOf, readSource } from './read-source';
import { renderDraft } from './render-draft';
import { splitFrontMatter } from './source-front-matter';
import { Items } from './report-items';

export interface ImportInput {
  source: string | Buffer;
  fileName: string;
  options?: ImportOptions;
}

export const DEFAULT_HOST_ROLE = 'target';
export const DRAFT_VERSION = '0.1.0';

/** `1.2` → `1.2.0`, `v3` → `3.0.0`; undefined when it is no version at all. */
function semverOf(written: string): string | undefined {
  const t = written.trim().replace(/^v(?:ersion)?\s*/i, '');
  if (isSemver(t)) return t;
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(t);
  return m ? `${Number(m[1])}.${Number(m[2] ?? 0)}.${Number(m[3] ?? 0)}` : undefined;
}

const baseName = (fileName: string) => fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');

function header(
  facts: HeaderFacts,
  outline: MappedOutline,
  htmlTitle: string | undefined,
  fileName: string,
  o: ImportOptions,
): DraftHeader {
  const title = (o.title ?? facts.title ?? outline.titleHeading?.text ?? htmlTitle ?? baseName(fileName)).trim() || 'Imported runbook';
  const id = o.id ?? (slugify(title) || slugify(baseName(fileName)) || 'imported-runbook');
  const version = o.version ?? (facts.version !== undefined ? semverOf(facts.version) : undefined) ?? DRAFT_VERSION;
  const h: DraftHeader = { id, title, version, hostRole: o.hostRole || DEFAULT_HOST_ROLE };
  const owner = o.owner ?? facts.owner;
  if (owner) h.owner = owner;
  const duration = (given: string | undefined, found: number | undefined) =>
    given === '' ? undefined : given !== undefined ? parseDuration(given) : found;
  const rto = duration(o.rto, facts.rtoMs);
  const rpo = duration(o.rpo, facts.rpoMs);
  if (rto !== undefined) h.rtoMs = rto;
  if (rpo !== undefined) h.rpoMs = rpo;
  return h;
}

function checkOptions(o: ImportOptions): void {
  const bad = (what: string) => {
    throw new ApiError('bad_request', what);
  };
  if (o.id !== undefined && !ID_PATTERN.test(o.id)) bad(`id "${o.id}": expected a-z, 0-9 and "-"`);
  if (o.version !== undefined && !isSemver(o.version)) bad(`version "${o.version}": expected a semantic version like 1.0.0`);
  for (const k of ['rto', 'rpo'] as const)
    if (o[k] && parseDuration(o[k]) === undefined) bad(`${k} "${o[k]}": expected a duration like 30m, 4h or 1h30m`);
  if (o.hostRole !== undefined && o.hostRole !== '' && (!/^[A-Za-z0-9_-]+$/.test(o.hostRole) || o.hostRole === 'local'))
    bad(`host role "${o.hostRole}": expected letters, digits, "-" and "_" (and not "local")`);
}

/** Lines of the markdown source nested too deeply for the parser: refused before parsing. */
function checkNesting(text: string, fileName: string): void {
  const src = new SourceText(fileName, text);
  const deep = tooDeep((n) => src.lineText(n), src.lineCount, MAX_PREFIX_COLUMNS);
  if (deep)
    throw new ApiError(
      'bad_request',
      `${fileName}:${deep.line}: nested too deeply (${deep.columns} columns of indentation and list or quote markers; at most ${MAX_PREFIX_COLUMNS}): flatten the list`,
    );
}

export function importDocument(input: ImportInput): ImportPreview {
  const { fileName } = input;
  const options = input.options ?? {};
  checkOptions(options);
  const format = formatOf(fileName, input.source);
  const source = readSource(input.source, fileName, format);
  const items = new Items();
  const srcText = new SourceText(fileName, source);
  let root;
  let htmlTitle: string | undefined;
  let codeFirstLine: (c: Code) => number;
  let known: HeaderFacts = {};
  if (format === 'html') {
    const doc = htmlToMdast(source, fileName, items);
    root = doc.root;
    htmlTitle = doc.title?.text;
    // parse5 drops the newline right after <pre>: the text starts on the next line then.
    codeFirstLine = (c) => {
      const line = c.position?.start.line ?? 1;
      const rest = srcText
        .lineText(line)
        .slice((c.position?.start.column ?? 1) - 1)
        .replace(/^<pre[^>]*>(?:\s*<code[^>]*>)?/i, '');
      return rest.trim() === '' ? line + 1 : line;
    };
  } else {
    checkNesting(source, fileName);
    const split = splitFrontMatter(source, items);
    known = split.facts;
    root = parseMarkdown(split.body);
    codeFirstLine = (c) => (c.position?.start.line ?? 0) + 1;
  }
  cleanMdast(root, items);
  const facts = readHeaderFacts(root, items, known);
  const outline = mapOutline(root, items, codeFirstLine);
  assignBudgets(outline.phases, items);
  // Confluence titles pages "SPACE : Page title", in <title> and in the page heading.
  const space = htmlTitle && /^[^:]{1,40}\s:\s+/.exec(htmlTitle)?.[0];
  if (space) {
    htmlTitle = htmlTitle!.slice(space.length);
    if (outline.titleHeading?.text.startsWith(space)) outline.titleHeading.text = outline.titleHeading.text.slice(space.length);
  }
  const h = header(facts, outline, htmlTitle, fileName, options);
  if (outline.phases.length === 0) {
    // Nothing step-like: one phase keeps the text, so the draft is still a runbook to edit.
    outline.phases.push({ title: 'Procedure', line: 1, description: outline.preamble.splice(0), steps: [] });
  }
  const draft = renderDraft({ header: h, preamble: outline.preamble, phases: outline.phases });
  const draftName = `${h.id}-${h.version}.md`;
  const a = analyzeRunbook(draft, draftName);
  const lint: ImportLint[] = [
    ...a.errors.map((e) => ({ line: e.line, column: e.column, message: e.message, severity: 'error' as const })),
    ...a.warnings.map((e) => ({ line: e.line, column: e.column, message: e.message, severity: 'warning' as const })),
  ].sort((x, y) => x.line - y.line || x.column - y.column);
  const report: ImportReport = {
    fileName,
    format,
    items: items.sorted(),
    lint,
    header: {
      id: h.id,
      title: h.title,
      version: h.version,
      ...(h.owner ? { owner: h.owner } : {}),
      ...(h.rtoMs !== undefined ? { rto: formatDurationOf(h.rtoMs) } : {}),
      ...(h.rpoMs !== undefined ? { rpo: formatDurationOf(h.rpoMs) } : {}),
      ...(outline.phases.some((p) => p.steps.some((s) => s.command)) ? { hostRole: h.hostRole } : {}),
    },
  };
  return { draft, report, source };
}
