// A seeded fuzzer for the runbook parser: mutations of the bundled runbooks plus hostile
// generators, each parsed the way the library parses (worker thread, time budget). It checks
// what must hold for any input: no internal error, every position inside the file, and every
// parse within the budget. Used by a bounded unit test and by `npm run fuzz -- --count N`.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SourceError } from '../../core/runbook/model';
import { analyzeOffThread, DEFAULT_BUDGET_MS } from '../../core/runbook/parse-pool';
import { rng } from '../seeded-random';

const root = path.resolve(import.meta.dirname, '../..');

export { rng };

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.md') && e.name !== 'README.md')
    .map((e) => path.join(e.parentPath, e.name));
}

export const seedRunbooks = (): string[] =>
  [...markdownFiles(path.join(root, 'runbooks')), ...markdownFiles(path.join(root, 'test/fixtures/runbooks'))]
    .sort()
    .map((f) => readFileSync(f, 'utf8'));

// Fragments that mean something to one of the layers: markdown, attributes, YAML, the shell scanner.
const TOKENS = [
  '{',
  '}',
  '{{',
  '}}',
  '{{a}}',
  '{{ target_time }}',
  '{id=x}',
  '{gate=commander}',
  '{after=x,y}',
  '{budget=5m}',
  '{host=db timeout=1x}',
  '="',
  '"',
  "'",
  '`',
  '$(',
  ')',
  '${',
  '$((',
  '<<EOF\n',
  "<<-'X'\n",
  'case x in',
  '\\',
  '#',
  '---\n',
  '...\n',
  '```\n',
  '```bash {host=local}\n',
  '```s3-check\n',
  '~~~\n',
  '- [ ] ',
  '- [x] ',
  '* ',
  '1. ',
  '# ',
  '## ',
  '### ',
  '> ',
  '  ',
  '    ',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\n\n',
  '*',
  '_',
  '**',
  '[',
  ']',
  '](',
  '<',
  '>',
  '&a ',
  '*a',
  '!!binary',
  'params:\n',
  'hosts:\n',
  '  x: { default: "{{x}}" }\n',
  'max_age: "{{a}}"\n',
  '\uFEFF',
  '\u0000',
  '\u2028',
  'é',
  '𝄞',
  '|',
  '-',
];

type Gen = (r: () => number) => string;
const int = (r: () => number, n: number) => Math.floor(r() * n);
const pick = <T>(r: () => number, xs: readonly T[]) => xs[int(r, xs.length)]!;
const FM = '---\nid: h\ntitle: H\nversion: 1.0.0\nparams:\n  a: { default: x }\nhosts:\n  db: {}\n---\n# P\n- [ ] a\n';

/** Inputs built to hit the parsers' worst cases, sized to stay inside the limits. */
export const HOSTILE: Record<string, Gen> = {
  emphasis: (r) => FM + '*_'.repeat(500 + int(r, 3000)) + '\n',
  nestedLists: (r) => FM + Array.from({ length: 20 + int(r, 120) }, (_, i) => `${' '.repeat(i * 2)}- x`).join('\n'),
  nestedQuotes: (r) => FM + '> '.repeat(10 + int(r, 120)) + 'x\n',
  markerRun: (r) => FM + '- '.repeat(10 + int(r, 120)) + 'x\n',
  refsOnALine: (r) => FM + '## S\n```bash {host=db}\necho ' + pick(r, ['{{a}}', '{{b}}', "'{{a}}'"]).repeat(100 + int(r, 4000)) + '\n```\n',
  aliasBomb: (r) =>
    `---\nid: h\ntitle: H\nversion: 1.0.0\ndescription: &a x\ntags: [${Array(50 + int(r, 300))
      .fill('*a')
      .join(',')}]\n---\n# P\n- [ ] a\n`,
  yamlFlowDepth: (r) => `---\nid: h\ntitle: H\nversion: 1.0.0\ndescription: ${'['.repeat(30 + int(r, 5000))}\n---\n# P\n- [ ] a\n`,
  yamlBlockDepth: (r) =>
    `---\nid: h\n${Array.from({ length: 20 + int(r, 150) }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')}\n---\n# P\n`,
  loneCr: (r) => (FM + '## S\n```bash {host=nope}\necho {{b}}\n```\n- [ ] b {timout=1m}\n').replace(/\n/g, pick(r, ['\r', '\r\n', '\n\r'])),
  longLine: (r) => FM + 'x'.repeat(1000 + int(r, 200_000)) + '\n',
  brackets: (r) => FM + '['.repeat(100 + int(r, 3000)) + ']('.repeat(int(r, 2000)) + '\n',
  manyErrors: (r) => FM + Array.from({ length: 50 + int(r, 500) }, (_, i) => `- [ ] s${i} {timout=1m}`).join('\n'),
  shell: (r) => FM + '## S\n```bash {host=db}\n' + Array.from({ length: 5 + int(r, 60) }, () => pick(r, TOKENS)).join('') + '{{a}}\n```\n',
  noise: (r) => Array.from({ length: int(r, 400) }, () => (r() < 0.5 ? pick(r, TOKENS) : String.fromCharCode(int(r, 0x3000)))).join(''),
};

function mutate(text: string, r: () => number): string {
  let t = text;
  for (let n = 1 + int(r, 6); n > 0; n--) {
    const at = int(r, t.length + 1);
    const len = int(r, 40);
    switch (int(r, 7)) {
      case 0:
        t = t.slice(0, at) + pick(r, TOKENS) + t.slice(at);
        break;
      case 1:
        t = t.slice(0, at) + t.slice(at + len);
        break;
      case 2:
        t = t.slice(0, at) + t.slice(at, at + len).repeat(2 + int(r, 8)) + t.slice(at);
        break;
      case 3:
        t = t.slice(0, at);
        break;
      case 4: {
        const lines = t.split('\n');
        const i = int(r, lines.length);
        const j = int(r, lines.length);
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
        t = lines.join('\n');
        break;
      }
      case 5:
        t = t.replace(/\n/g, pick(r, ['\r', '\r\n', '\n', '\n\n']));
        break;
      default:
        t = t.slice(0, at) + String.fromCharCode(int(r, 0x10000)) + t.slice(at + 1);
    }
  }
  return t;
}

/** The i-th input of a run: every fifth from a hostile generator, the rest mutated seeds. */
export function input(seeds: string[], r: () => number): { kind: string; text: string } {
  if (r() < 0.2) {
    const kind = pick(r, Object.keys(HOSTILE));
    return { kind, text: HOSTILE[kind]!(r) };
  }
  return { kind: 'mutation', text: mutate(pick(r, seeds), r) };
}

/** Lines as CommonMark counts them: ended by LF, CR LF or a lone CR. */
const linesOf = (text: string) => text.split(/\r\n|\r|\n/);

/** What is wrong with one error's position, or undefined. */
export function badPosition(e: SourceError, lines: string[]): string | undefined {
  if (!Number.isInteger(e.line) || e.line < 1 || e.line > lines.length) return `line ${e.line} of ${lines.length}`;
  const width = lines[e.line - 1]!.length + 1;
  if (!Number.isInteger(e.column) || e.column < 1 || e.column > width)
    return `column ${e.column} of line ${e.line} (${width - 1} characters)`;
  return undefined;
}

export interface Finding {
  kind: string;
  problem: string;
  input: string;
}

export interface FuzzReport {
  count: number;
  internalErrors: Finding[];
  outsideFile: Finding[];
  overBudget: Finding[];
  slowest: { ms: number; kind: string; bytes: number };
  byKind: Record<string, number>;
}

export async function fuzz(o: {
  seed: number;
  count: number;
  budgetMs?: number;
  onProgress?: (done: number, r: FuzzReport) => void;
}): Promise<FuzzReport> {
  const seeds = seedRunbooks();
  const r = rng(o.seed);
  const report: FuzzReport = {
    count: 0,
    internalErrors: [],
    outsideFile: [],
    overBudget: [],
    slowest: { ms: 0, kind: '', bytes: 0 },
    byKind: {},
  };
  const budgetMs = o.budgetMs ?? DEFAULT_BUDGET_MS;
  for (let i = 0; i < o.count; i++) {
    const { kind, text } = input(seeds, r);
    const sha = createHash('sha256').update(text).digest('hex');
    const started = performance.now();
    const a = await analyzeOffThread(text, sha, 'fuzz.md', budgetMs);
    const ms = performance.now() - started;
    report.count++;
    report.byKind[kind] = (report.byKind[kind] ?? 0) + 1;
    if (ms > report.slowest.ms) report.slowest = { ms, kind, bytes: Buffer.byteLength(text) };
    const lines = linesOf(text);
    const keep = text.length > 2000 ? `${text.slice(0, 2000)}… (${text.length} characters)` : text;
    for (const e of [...a.errors, ...a.warnings]) {
      if (e.message.startsWith('internal error')) report.internalErrors.push({ kind, problem: e.message, input: keep });
      else if (e.message.startsWith('took longer than')) report.overBudget.push({ kind, problem: e.message, input: keep });
      const bad = badPosition(e, lines);
      if (bad) report.outsideFile.push({ kind, problem: `${bad}: ${e.message}`, input: keep });
    }
    o.onProgress?.(i + 1, report);
  }
  return report;
}
