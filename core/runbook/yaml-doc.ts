// A YAML snippet inside the runbook (front matter, s3-check body) validated against a zod schema,
// with every problem reported at its real file line and column.
import { Document, isMap, isScalar, Lexer, parseDocument, visit, type Node } from 'yaml';
import { MAX_YAML_ALIASES, MAX_YAML_DEPTH } from './limits';
import type { core } from 'zod';
import type { Diagnostics } from './source';
import { didYouMean } from './suggest';

export type Path = (string | number)[];
/** Maps an offset in the YAML text to a file line/column. */
export type ToFile = (offset: number) => { line: number; column: number };

export interface YamlMessages {
  /** `unknown front matter key "titel"` style message for an unknown key at `path`. */
  unknownKey(path: Path, key: string): string;
  /** Keys allowed in the mapping at `path`, for "did you mean". */
  keysAt(path: Path): readonly string[];
  /** `missing required front matter key "id"` style message. */
  missingKey(path: Path, key: string): string;
  /** How a value is named in messages, e.g. `"rto"` or `params.target_time.required`. */
  label(path: Path): string;
}

// Lexer tokens that mark a mode and take no source text.
const CONTROL = new Set(['\x02', '\x18', '\x1f']);

/** Offset where flow collections (`[`, `{`) nest deeper than `max`; the lexer is not recursive. */
function flowTooDeep(text: string, max: number): number | undefined {
  let depth = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === '[' || token === '{') {
      if (++depth > max) return offset;
    } else if (token === ']' || token === '}') depth--;
    if (!CONTROL.has(token)) offset += token.length;
  }
  return undefined;
}

function firstAlias(doc: Document): number {
  let at = 0;
  visit(doc, {
    Alias(_k, node) {
      at = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return at;
}

export class YamlSnippet {
  readonly doc: Document;
  /** The plain JS value, or undefined when the YAML does not parse. */
  readonly value: unknown;
  /** False when the YAML has errors (reported): there is no value to validate. */
  readonly ok: boolean;

  constructor(
    text: string,
    private readonly toFile: ToFile,
    private readonly diag: Diagnostics,
    /** Names the snippet in YAML syntax errors: `front matter`, `s3-check`. */
    what: string,
    /** Where top-level problems with no better place go (the opening `---` of front matter). */
    private readonly rootPos?: { line: number; column: number },
  ) {
    // YAML breaks lines at a lone CR too; as LF (same length) it keeps every offset.
    const yaml = text.replace(/\r(?!\n)/g, '\n');
    const deep = flowTooDeep(yaml, MAX_YAML_DEPTH);
    if (deep !== undefined) {
      this.report(deep, `${what} YAML is nested more than ${MAX_YAML_DEPTH} levels deep; flatten it`);
      [this.doc, this.value, this.ok] = [new Document(), undefined, false];
      return;
    }
    let doc: Document;
    try {
      doc = parseDocument(yaml, { prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      this.report(0, `${what} YAML is nested too deeply to read; flatten it`);
      [this.doc, this.value, this.ok] = [new Document(), undefined, false];
      return;
    }
    this.doc = doc;
    for (const e of doc.errors) this.report(e.pos[0], `${what} is not valid YAML: ${e.message.split('\n')[0]}`);
    for (const w of doc.warnings) this.report(w.pos[0], `${what} YAML: ${w.message.split('\n')[0]}`, true);
    this.ok = doc.errors.length === 0;
    this.value = undefined;
    if (!this.ok) return;
    try {
      this.value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    } catch (e) {
      // The yaml library refuses alias bombs with a ReferenceError, deep documents overflow.
      if (!(e instanceof ReferenceError) && !(e instanceof RangeError)) throw e;
      this.ok = false;
      if (e instanceof ReferenceError)
        this.report(firstAlias(doc), `${what} YAML uses aliases (*name) more than ${MAX_YAML_ALIASES} times; write the values out instead`);
      else this.report(0, `${what} YAML is nested too deeply to read; flatten it`);
    }
  }

  /** File line and column of an offset in the YAML text. */
  pos(offset: number): { line: number; column: number } {
    return this.toFile(offset);
  }

  report(offset: number, message: string, warning = false): void {
    const { line, column } = this.toFile(offset);
    this.diag.atPos(line, column, message, warning);
  }

  private node(path: Path): Node | undefined {
    const n = path.length === 0 ? this.doc.contents : this.doc.getIn(path, true);
    return (n ?? undefined) as Node | undefined;
  }

  /** Offset of the node at `path`, or of its nearest existing ancestor. */
  offsetOf(path: Path): number {
    for (let p = path; ; p = p.slice(0, -1)) {
      const start = this.node(p)?.range?.[0];
      if (start !== undefined) return start;
      if (p.length === 0) return 0;
    }
  }

  /** Offset of the key `key` in the mapping at `path`. */
  keyOffset(path: Path, key: string): number {
    const map = this.node(path);
    if (isMap(map)) {
      for (const pair of map.items) {
        if (isScalar(pair.key) && String(pair.key.value) === key && pair.key.range) return pair.key.range[0];
      }
    }
    return this.offsetOf(path);
  }

  /** Turn zod issues into file errors: unknown keys at the key, bad values at the value. */
  reportIssues(issues: core.$ZodIssue[], messages: YamlMessages): void {
    for (const issue of issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          const hint = didYouMean(key, messages.keysAt(path));
          this.report(this.keyOffset(path, key), messages.unknownKey(path, key) + hint);
        }
      } else if (this.node(path) === undefined && path.length > 0) {
        const message = messages.missingKey(path.slice(0, -1), String(path[path.length - 1]));
        if (path.length === 1 && this.rootPos) this.diag.atPos(this.rootPos.line, this.rootPos.column, message);
        else this.report(this.offsetOf(path), message);
      } else {
        this.report(this.offsetOf(path), `${messages.label(path)}: ${issue.message}`);
      }
    }
  }
}
