// The library's parse results kept on disk (<dataDir>/library-cache.json), so a second start
// does not parse 1,000 unchanged versions again. Entries are keyed by the SHA-256 of the file's
// bytes, which every scan reads and hashes anyway: any edit is noticed — also one that keeps
// the size and puts the mtime back — because a stat-based shortcut (path + size + mtime) could
// miss exactly that. Results are tied to the parser that made them (`parserStamp`): a new build
// starts from an empty cache. The file lives in the data dir, whose writer can already change
// the library, inventory and runs; it grants nothing beyond that. Damaged or foreign files are
// ignored, never trusted partly.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { codeStamp } from '../code-stamp';
import type { Analysis } from './parse';
import { stoppedByBudget } from './parse-pool';

const TAG = 'drillbook-parse-cache/1';

interface CacheFile {
  tag: string;
  parser: string;
  entries: Record<string, Analysis>;
}

/**
 * What made the results: the parse worker's bundle (it holds the whole parser), or from sources
 * (tsx, tests) every core/**.ts (code-stamp.ts).
 */
export function parserStamp(): Promise<string> {
  const self = import.meta.url;
  return codeStamp(self.endsWith('.ts') ? self : new URL('./parse-worker.mjs', self));
}

export class ParseCache {
  private constructor(
    private readonly file: string,
    private readonly parser: string,
    private readonly old: Map<string, Analysis>,
    private readonly used = new Map<string, Analysis>(),
  ) {}

  static async load(file: string): Promise<ParseCache> {
    const parser = await parserStamp();
    let old = new Map<string, Analysis>();
    try {
      const data = JSON.parse(await readFile(file, 'utf8')) as CacheFile;
      if (data.tag === TAG && data.parser === parser && data.entries && typeof data.entries === 'object')
        old = new Map(Object.entries(data.entries));
    } catch {
      // Missing or damaged: start empty.
    }
    return new ParseCache(file, parser, old);
  }

  /** For the next scan of a process that keeps the cache: what this scan used, without reading the file again. */
  next(): ParseCache {
    return new ParseCache(this.file, this.parser, new Map(this.used));
  }

  get(sha256: string): Analysis | undefined {
    const a = this.old.get(sha256) ?? this.used.get(sha256);
    if (a) this.used.set(sha256, a);
    return a;
  }

  /** A time-out says more about the machine than the file: it is never kept. */
  set(sha256: string, a: Analysis): void {
    if (!stoppedByBudget(a)) this.used.set(sha256, a);
  }

  /** Keeps what this scan used (files gone since are dropped); temp + rename, so readers see all or nothing. */
  async save(): Promise<void> {
    if (this.used.size === this.old.size && [...this.used.keys()].every((k) => this.old.has(k))) return;
    const data: CacheFile = { tag: TAG, parser: this.parser, entries: Object.fromEntries(this.used) };
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      await writeFile(tmp, JSON.stringify(data));
      await rename(tmp, this.file);
    } catch {
      // A read-only data dir only costs the next start its speed.
    }
  }
}
