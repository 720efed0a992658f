// The runbook library: every version of every runbook under some folders, grouped by id,
// newest first. One bad file never hides the others; it is listed with its errors.
import { basename } from 'node:path';
import type { Library, RunbookGroup, RunbookVersion } from './library-contract';
import type { Runbook, SourceError } from './model';
import { listRunbookFiles, readRunbookFile } from './files';
import type { Analysis } from './parse';
import { ParseCache } from './parse-cache';
import { analyzeOffThread } from './parse-pool';
import { compareSemver } from './semver';

export interface LibraryFile {
  file: string;
  source: string;
  sha256: string;
  runbook: Runbook;
}

export interface LibraryScan {
  library: Library;
  /** Valid runbooks by "id@version". */
  files: Map<string, LibraryFile>;
}

/** One loaded file: its library entry, plus what lint and the library need beyond it. */
export interface LoadedFile {
  entry: RunbookVersion;
  warnings: SourceError[];
  source?: string;
  runbook?: Runbook;
}

export interface LoadOptions {
  /** How long one file may take to parse before it is listed as invalid (default 5 s). */
  budgetMs?: number;
  /** Parse results kept between starts (parse-cache.ts): unchanged files are not parsed again. */
  cacheFile?: string;
  /** The cache as the last scan left it, instead of reading `cacheFile` again (a long-lived engine). */
  cache?: Promise<ParseCache>;
}

/** `files`: single runbook files offered beside the folders' (the headless CLI's one file). */
export async function scanLibrary(dirs: string[], opts: LoadOptions = {}, extra: string[] = []): Promise<LibraryScan> {
  const files = [...(await Promise.all(dirs.map(listRunbookFiles))).flat(), ...extra];
  return buildLibrary(await loadFiles([...new Set(files)], opts));
}

/** Parsed in a worker thread, within the time budget, cached by content (see parse-pool.ts). */
export async function loadFiles(files: string[], opts: LoadOptions = {}): Promise<LoadedFile[]> {
  // The cache file loads while the runbook files are read and hashed.
  const cache = opts.cache ?? (opts.cacheFile ? ParseCache.load(opts.cacheFile) : undefined);
  const loaded = await Promise.all(files.map((f) => loadFile(f, opts, cache)));
  await (await cache)?.save();
  flagDuplicates(loaded);
  return loaded;
}

const refile = (a: Analysis, file: string): Analysis => ({
  ...a,
  errors: a.errors.map((e) => ({ ...e, file })),
  warnings: a.warnings.map((w) => ({ ...w, file })),
});

async function analyze(source: string, sha256: string, file: string, opts: LoadOptions, pending?: Promise<ParseCache>): Promise<Analysis> {
  const cache = await pending;
  const kept = cache?.get(sha256);
  if (kept) return refile(kept, file);
  const a = await analyzeOffThread(source, sha256, file, opts.budgetMs);
  cache?.set(sha256, a);
  return a;
}

async function loadFile(file: string, opts: LoadOptions, cache?: Promise<ParseCache>): Promise<LoadedFile> {
  const read = await readRunbookFile(file);
  const base = { file, sha256: read.sha256, tags: [] as string[] };
  if (read.source === undefined) {
    const errors = [{ file, line: 1, column: 1, message: read.problem ?? 'cannot read the file' }];
    return { entry: { ...base, id: '', version: '', title: basename(file), valid: false, errors }, warnings: [] };
  }
  const a = await analyze(read.source, read.sha256, file, opts, cache);
  const r = a.runbook;
  const h = r ?? a.header;
  const entry: RunbookVersion = {
    ...base,
    id: h.id ?? '',
    version: h.version ?? '',
    title: h.title ?? basename(file),
    tags: h.tags ?? [],
    valid: !!r,
    errors: a.errors,
  };
  if (h.owner !== undefined) entry.owner = h.owner;
  if (h.rtoMs !== undefined) entry.rtoMs = h.rtoMs;
  if (h.rpoMs !== undefined) entry.rpoMs = h.rpoMs;
  return { entry, warnings: a.warnings, source: read.source, runbook: r };
}

/** Two files claiming one id@version: neither can be trusted to be "the" version. */
function flagDuplicates(loaded: LoadedFile[]): void {
  const byKey = new Map<string, LoadedFile[]>();
  for (const l of loaded) {
    if (!l.entry.id || !l.entry.version) continue;
    const key = `${l.entry.id}@${l.entry.version}`;
    byKey.set(key, [...(byKey.get(key) ?? []), l]);
  }
  for (const [key, same] of byKey) {
    if (same.length < 2) continue;
    for (const l of same) {
      const others = same
        .filter((o) => o !== l)
        .map((o) => o.entry.file)
        .join(', ');
      l.entry.errors = [
        {
          file: l.entry.file,
          line: 1,
          column: 1,
          message: `${key} is also defined in ${others}; each version needs its own version number`,
        },
        ...l.entry.errors,
      ];
      l.entry.valid = false;
      l.runbook = undefined;
    }
  }
}

export function buildLibrary(loaded: LoadedFile[]): LibraryScan {
  const files = new Map<string, LibraryFile>();
  const byId = new Map<string, RunbookVersion[]>();
  const invalid: RunbookVersion[] = [];
  for (const l of loaded) {
    const e = l.entry;
    if (l.runbook && l.source !== undefined)
      files.set(`${e.id}@${e.version}`, { file: e.file, source: l.source, sha256: e.sha256, runbook: l.runbook });
    if (e.id && e.version) byId.set(e.id, [...(byId.get(e.id) ?? []), e]);
    else invalid.push(e);
  }
  const groups: RunbookGroup[] = [...byId].map(([id, versions]) => {
    versions.sort((a, b) => compareSemver(b.version, a.version));
    const lead = versions.find((v) => v.valid) ?? versions[0]!;
    const g: RunbookGroup = { id, title: lead.title, tags: lead.tags, versions };
    if (lead.owner !== undefined) g.owner = lead.owner;
    return g;
  });
  groups.sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
  invalid.sort((a, b) => a.file.localeCompare(b.file));
  return { library: { groups, invalid }, files };
}

/** A valid version of a runbook; without `version`, the newest valid one. */
export function findVersion(scan: LibraryScan, id: string, version?: string): LibraryFile | undefined {
  if (version !== undefined) return scan.files.get(`${id}@${version}`);
  const group = scan.library.groups.find((g) => g.id === id);
  const newest = group?.versions.find((v) => v.valid);
  return newest && scan.files.get(`${id}@${newest.version}`);
}
