// Parsing off the event loop, with a time budget per file: the library hands each file to a
// worker thread, and one that is still parsing when its budget runs out is stopped (the worker
// is replaced) and reported as taking too long, so one hostile file cannot freeze the listing.
// Results are cached by the SHA-256 of the file's bytes: an unchanged file is not parsed again.
import { BudgetWorker } from '../budget-worker';
import type { SourceError } from './model';
import type { Analysis } from './parse';
import type { ParseRequest } from './parse-worker';

// DRILLBOOK_PARSE_BUDGET_MS overrides it (a slow machine, or a test of the budget itself).
export const DEFAULT_BUDGET_MS = Number(process.env.DRILLBOOK_PARSE_BUDGET_MS) || 5_000;
const CACHE_SIZE = 1000;
// A time-out may come from a busy machine rather than the file: it is retried after a while.
const TIMEOUT_TTL_MS = 10 * 60_000;

/**
 * The worker entry next to this module: under tsx or vitest (this file is `.ts`) a bootstrap
 * that registers tsx in the worker; beside a bundle, `parse-worker.mjs` (scripts/build.mjs
 * builds one next to each bundle that parses runbooks).
 */
function workerEntry(): URL {
  const self = import.meta.url;
  return new URL(self.endsWith('.ts') ? './parse-worker-tsx.mjs' : './parse-worker.mjs', self);
}

const OVER_BUDGET = 'took longer than';

/** Whether the analysis is the refusal of a parse stopped by its budget (not a verdict on the file). */
export const stoppedByBudget = (a: Analysis): boolean => a.errors[0]?.message.startsWith(OVER_BUDGET) === true;

const overBudget = (file: string, budgetMs: number): Analysis => ({
  header: {},
  errors: [
    {
      file,
      line: 1,
      column: 1,
      message: `${OVER_BUDGET} ${budgetMs / 1000} s to parse, so it was stopped: the file is too large or too deeply nested for a runbook; split or simplify it`,
    },
  ],
  warnings: [],
});

const crashed = (file: string, message = 'the parser stopped'): Analysis => ({
  header: {},
  errors: [{ file, line: 1, column: 1, message: `internal error while parsing: ${message}` }],
  warnings: [],
});

/** One worker, one file at a time (see budget-worker.ts). */
class ParseWorker {
  private readonly worker = new BudgetWorker<ParseRequest, Analysis>(workerEntry);

  /** Files parsed by a worker (not from the cache): what the cache tests count. */
  get parses(): number {
    return this.worker.jobs;
  }

  /** Starts the worker now, so its start-up overlaps the caller's own (the CLI's module loading). */
  warm(): void {
    this.worker.warm();
  }

  get started(): boolean {
    return this.worker.started;
  }

  async analyze(source: string, file: string, budgetMs: number): Promise<Analysis> {
    const o = await this.worker.run({ source, file }, budgetMs);
    if (o.ok) return o.result;
    if (o.why === 'over-budget') return overBudget(file, budgetMs);
    if (o.why === 'failed') return crashed(file, o.message);
    // A worker that cannot start must not take the library down: parse here instead. Loaded
    // only here: the parser is the worker's, so the main thread need not compile it.
    const { analyzeRunbook } = await import('./parse');
    return analyzeRunbook(source, file);
  }
}

const pool = new ParseWorker();
const cache = new Map<string, { result: Promise<Analysis>; expires: number }>();

const refile = (list: SourceError[], file: string) => list.map((e) => ({ ...e, file }));

/** The analysis of `source` (whose bytes hash to `sha256`), parsed in the worker or cached. */
export async function analyzeOffThread(source: string, sha256: string, file: string, budgetMs = DEFAULT_BUDGET_MS): Promise<Analysis> {
  let hit = cache.get(sha256);
  if (hit && hit.expires < Date.now()) {
    cache.delete(sha256);
    hit = undefined;
  }
  if (!hit) {
    hit = { result: pool.analyze(source, file, budgetMs), expires: Infinity };
    cache.set(sha256, hit);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
    const entry = hit;
    void entry.result.then((a) => {
      if (stoppedByBudget(a)) entry.expires = Date.now() + TIMEOUT_TTL_MS;
    });
  } else {
    // Most recently used last: the oldest entry is the one dropped.
    cache.delete(sha256);
    cache.set(sha256, hit);
  }
  const a = await hit.result;
  // Errors name the file; the same bytes may live under another name.
  return { ...a, errors: refile(a.errors, file), warnings: refile(a.warnings, file) };
}

/** Start the parse worker ahead of the first file (harmless if nothing is parsed after all). */
export const warmParseWorker = (): void => pool.warm();

/** Whether the parse worker has been started here (a library was scanned): then it is cheap to use. */
export const parseWorkerStarted = (): boolean => pool.started;

/** How many files the worker has parsed (cache misses), for tests and benchmarks. */
export const workerParses = () => pool.parses;
