// A YAML snippet inside the runbook (front matter, s3-check body) validated against a zod schema,
// with every problem reported at its real file line and column.
import { isMap, isScalar, parseDocument, type Document, type Node } from 'yaml';
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

export class YamlSnippet {
  readonly doc: Document;
  /** The plain JS value, or undefined when the YAML does not parse. */
  readonly value: unknown;

  constructor(
    text: string,
    private readonly toFile: ToFile,
    private readonly diag: Diagnostics,
    /** Names the snippet in YAML syntax errors: `front matter`, `s3-check`. */
    what: string,
    /** Where top-level problems with no better place go (the opening `---` of front matter). */
    private readonly rootPos?: { line: number; column: number },
  ) {
    this.doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
    for (const e of this.doc.errors) this.report(e.pos[0], `${what} is not valid YAML: ${e.message.split('\n')[0]}`);
    for (const w of this.doc.warnings) this.report(w.pos[0], `${what} YAML: ${w.message.split('\n')[0]}`, true);
    this.value = this.doc.errors.length > 0 ? undefined : this.doc.toJS();
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
