// Offsets ↔ 1-based line/column, and the error list every parsing stage appends to. Lines end
// at CR LF, LF or a lone CR, as in CommonMark, so positions agree with the markdown parser's.
import { MAX_ERRORS } from './limits';
import type { SourceError } from './model';

export class SourceText {
  private readonly starts: number[] = [0];

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 1-based line and column of a 0-based offset. */
  pos(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }

  /** The text of a 1-based line, without its line ending. */
  lineText(line: number): string {
    const start = this.starts[line - 1];
    if (start === undefined) return '';
    const next = this.starts[line];
    return this.text.slice(start, next === undefined ? undefined : next).replace(/\r?\n$|\r$/, '');
  }

  offsetOf(line: number, column: number): number {
    return (this.starts[line - 1] ?? this.text.length) + column - 1;
  }
}

/** Problems past the cap are counted, not kept: one bad line repeated must not flood a listing. */
class Capped {
  readonly list: SourceError[] = [];
  more = 0;
  firstMore?: SourceError;

  constructor(private readonly noun: string) {}

  add(e: SourceError): void {
    if (this.list.length < MAX_ERRORS) this.list.push(e);
    else if (this.more++ === 0) this.firstMore = e;
  }

  /** Sorted, with an `and N more` entry (at the first one left out) when some were. */
  sorted(): SourceError[] {
    const out = sortErrors(this.list);
    if (this.firstMore)
      out.push({ ...this.firstMore, message: `and ${this.more} more ${this.noun} (only the first ${MAX_ERRORS} are listed)` });
    return out;
  }
}

/** Collects problems for one file; `at` takes a source offset, `atPos` a line and column. */
export class Diagnostics {
  private readonly errorList = new Capped('errors');
  private readonly warningList = new Capped('warnings');

  constructor(readonly src: SourceText) {}

  /** The errors so far (at most MAX_ERRORS; see `sortedErrors` for the count of the rest). */
  get errors(): readonly SourceError[] {
    return this.errorList.list;
  }

  get warnings(): readonly SourceError[] {
    return this.warningList.list;
  }

  get errorCount(): number {
    return this.errorList.list.length + this.errorList.more;
  }

  sortedErrors(): SourceError[] {
    return this.errorList.sorted();
  }

  sortedWarnings(): SourceError[] {
    return this.warningList.sorted();
  }

  atPos(line: number, column: number, message: string, warning = false): void {
    (warning ? this.warningList : this.errorList).add({ file: this.src.file, line, column, message });
  }

  at(offset: number, message: string, warning = false): void {
    const { line, column } = this.src.pos(offset);
    this.atPos(line, column, message, warning);
  }
}

export function sortErrors(list: readonly SourceError[]): SourceError[] {
  return [...list].sort((a, b) => a.line - b.line || a.column - b.column);
}
