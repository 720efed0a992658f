// The YAML front matter between the opening and closing `---` lines. It is blanked out (same
// offsets, same line count) before the markdown parser sees the file, so markdown positions
// stay real file positions.
import type { HostRoleSpec, ParamSpec, Runbook } from './model';
import type { Diagnostics } from './source';
import { DRILL_KEYS, FRONT_MATTER_KEYS, HOST_KEYS, PARAM_KEYS, frontMatterSchema } from './front-matter-schema';
import { parseDuration } from './duration';
import { API_LIMITS, tooLong } from './limits';
import { PARAM_NAME } from './params';
import { YamlSnippet, type Path, type YamlMessages } from './yaml-doc';

/** A parameter's value known at lint time, and where it is written (for errors about it). */
export type ParamValues = Map<string, { value: string; line: number; column: number }>;

/** Everything of a runbook but its phases. */
export type FrontMatter = Omit<Runbook, 'phases'>;

/** What could be read even when the front matter is invalid (for the library listing). */
export type Header = Partial<Pick<FrontMatter, 'id' | 'version' | 'title' | 'owner' | 'tags' | 'rtoMs' | 'rpoMs'>>;

export interface FrontMatterResult {
  meta?: FrontMatter;
  header: Header;
  /** Declared names, or undefined when they cannot be known (then references are not checked). */
  paramNames?: Set<string>;
  hostRoles?: Set<string>;
  /** What each parameter is worth before the run gives values: its default, '' when optional. */
  paramValues?: ParamValues;
  /** The source with BOM and front matter blanked. */
  body: string;
}

const HOST_ROLE = /^[A-Za-z0-9_-]+$/;
// JSON.parse keeps it, but zod records and plain assignment drop it: a run could not pin it.
const RESERVED = (n: string) =>
  n === '__proto__' ? ' is reserved (JavaScript objects cannot hold it as a name); choose another name' : undefined;
const isFence = (line: string, close = false) => /^---\s*$/.test(line) || (close && /^\.\.\.\s*$/.test(line));
const blank = (s: string) => s.replace(/[^\r\n]/g, ' ');

const messages: YamlMessages = {
  unknownKey: (p, key) =>
    p.length === 0
      ? `unknown front matter key "${key}"`
      : p[0] === 'drill'
        ? `unknown key "${key}" in drill`
        : `unknown key "${key}" in ${p[0] === 'params' ? 'parameter' : 'host role'} "${p[1]}"`,
  missingKey: (p, key) => (p.length === 0 ? `missing required front matter key "${key}"` : `missing key "${key}" in ${p.join('.')}`),
  keysAt: (p) => (p.length === 0 ? FRONT_MATTER_KEYS : p[0] === 'params' ? PARAM_KEYS : p[0] === 'drill' ? DRILL_KEYS : HOST_KEYS),
  label: (p: Path) => `"${p.join('.')}"`,
};

export function readFrontMatter(text: string, diag: Diagnostics): FrontMatterResult {
  const src = diag.src;
  const bom = text.startsWith('\uFEFF') ? 1 : 0;
  const line = (n: number) => (n === 1 ? src.lineText(1).slice(bom) : src.lineText(n));
  let close = 0;
  if (isFence(line(1))) for (let n = 2; n <= src.lineCount && !close; n++) if (isFence(line(n), true)) close = n;
  if (!close) {
    diag.atPos(
      1,
      1,
      isFence(line(1))
        ? 'front matter is not closed: expected a "---" line after the YAML'
        : 'missing front matter: the file must start with a "---" line, YAML with id, title and version, then a closing "---" line',
    );
    return { header: {}, body: blank(text.slice(0, bom)) + text.slice(bom) };
  }
  const start = src.offsetOf(2, 1);
  const end = src.offsetOf(close, 1);
  const fmEnd = end + src.lineText(close).length;
  const body = blank(text.slice(0, fmEnd)) + text.slice(fmEnd);
  return {
    ...validate(new YamlSnippet(text.slice(start, end), (o) => src.pos(start + o), diag, 'front matter', { line: 1, column: 1 }), diag),
    body,
  };
}

function validate(y: YamlSnippet, diag: Diagnostics): Omit<FrontMatterResult, 'body'> {
  if (!y.ok) return { header: {} };
  const errorsBefore = diag.errorCount;
  const raw = y.value ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    y.report(y.offsetOf([]), 'front matter must be YAML "key: value" lines (id, title, version, ...)');
    return { header: {} };
  }
  const r = raw as Record<string, unknown>;
  const header = lenientHeader(r);
  const paramNames = namesOf(r.params, y, ['params'], (n) =>
    RESERVED(n)
      ? `parameter name "${n}"${RESERVED(n)}`
      : PARAM_NAME.test(n)
        ? undefined
        : `parameter name "${n}" must match [A-Za-z_][A-Za-z0-9_]* to be usable as {{${n}}}`,
  );
  const hostRoles = namesOf(r.hosts, y, ['hosts'], (n) =>
    n === 'local'
      ? 'host role "local" is reserved for the commander\'s machine; choose another name'
      : RESERVED(n)
        ? `host role "${n}"${RESERVED(n)}`
        : n.length > API_LIMITS.role
          ? `host role "${n.slice(0, 20)}…" ${tooLong(n.length, API_LIMITS.role)}`
          : HOST_ROLE.test(n)
            ? undefined
            : `host role "${n}" must use only letters, digits, "-" and "_"`,
  );
  const parsed = frontMatterSchema.safeParse(raw);
  if (!parsed.success) {
    y.reportIssues(parsed.error.issues, messages);
    return { header, paramNames, hostRoles };
  }
  const fm = parsed.data;
  if (diag.errorCount > errorsBefore) return { header, paramNames, hostRoles };
  const params = Object.fromEntries(
    Object.entries(fm.params ?? {}).map(([k, v]) => [
      k,
      clean<ParamSpec>({
        description: v?.description,
        required: v?.required ?? false,
        default: v?.default,
        type: v?.type,
        pattern: v?.pattern,
      }),
    ]),
  );
  const hosts = Object.fromEntries(
    Object.entries(fm.hosts ?? {}).map(([k, v]) => [k, clean<HostRoleSpec>({ description: v?.description, many: v?.many ?? false })]),
  );
  const meta = clean<FrontMatter>({
    ...header,
    id: fm.id,
    version: fm.version,
    title: fm.title,
    description: fm.description,
    tags: fm.tags ?? [],
    params,
    hosts,
    drill: fm.drill ? { everyMs: parseDuration(fm.drill.every)! } : undefined,
    controls: fm.controls,
  });
  return { meta, header, paramNames, hostRoles, paramValues: knownValues(params, y) };
}

function knownValues(params: Record<string, ParamSpec>, y: YamlSnippet): ParamValues {
  const out: ParamValues = new Map();
  for (const [name, spec] of Object.entries(params)) {
    if (spec.default !== undefined) out.set(name, { value: spec.default, ...y.pos(y.offsetOf(['params', name, 'default'])) });
    // resolveParams pins an optional parameter without a value as ''.
    else if (!spec.required) out.set(name, { value: '', ...y.pos(y.keyOffset(['params'], name)) });
  }
  return out;
}

function namesOf(v: unknown, y: YamlSnippet, path: Path, check: (name: string) => string | undefined): Set<string> | undefined {
  if (v === undefined || v === null) return new Set();
  if (typeof v !== 'object' || Array.isArray(v)) return undefined;
  for (const name of Object.keys(v)) {
    const problem = check(name);
    if (problem) y.report(y.keyOffset(path, name), problem);
  }
  return new Set(Object.keys(v));
}

function lenientHeader(r: Record<string, unknown>): Header {
  const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const dur = (v: unknown) => (typeof v === 'string' ? parseDuration(v) : undefined);
  const version = typeof r.version === 'number' ? String(r.version) : str(r.version);
  const tags = Array.isArray(r.tags) ? r.tags.filter((t): t is string => typeof t === 'string') : undefined;
  return clean<Header>({ id: str(r.id), version, title: str(r.title), owner: str(r.owner), tags, rtoMs: dur(r.rto), rpoMs: dur(r.rpo) });
}

/** Drop undefined properties so results compare and serialize cleanly. */
export function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
