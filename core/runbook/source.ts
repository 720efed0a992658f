// Offsets ↔ 1-based line/column, and the error list every parsing stage appends to.
import type { SourceError } from './model';

export class SourceText {
  private readonly starts: number[] = [0];

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.starts.push(i + 1);
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
    return this.text.slice(start, next === undefined ? undefined : next - 1).replace(/\r$/, '');
  }

  offsetOf(line: number, column: number): number {
    return (this.starts[line - 1] ?? this.text.length) + column - 1;
  }
}

/** Collects problems for one file; `at` takes a source offset, `atPos` a line and column. */
export class Diagnostics {
  readonly errors: SourceError[] = [];
  readonly warnings: SourceError[] = [];

  constructor(readonly src: SourceText) {}

  atPos(line: number, column: number, message: string, warning = false): void {
    (warning ? this.warnings : this.errors).push({ file: this.src.file, line, column, message });
  }

  at(offset: number, message: string, warning = false): void {
    const { line, column } = this.src.pos(offset);
    this.atPos(line, column, message, warning);
  }
}

export function sortErrors(list: SourceError[]): SourceError[] {
  return [...list].sort((a, b) => a.line - b.line || a.column - b.column);
}
