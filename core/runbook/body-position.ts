// Positions inside a fenced block's body, mapped back to the file. mdast gives the body without
// the fence's indentation, so each body line is matched to its file line and the stripped
// indentation is added back. Line endings are CR LF, LF or a lone CR, as in CommonMark.
import type { Code } from 'mdast';
import type { SourceText } from './source';

export type ToFile = (offset: number) => { line: number; column: number };

const LINE_END = /\r\n|\r|\n/g;

/** Maps an offset in `code.value` to its file line and column. */
export function bodyMapper(src: SourceText, code: Code): ToFile {
  const body = code.value;
  const first = code.position!.start.line + 1;
  const starts = [0];
  for (const m of body.matchAll(LINE_END)) starts.push(m.index + m[0].length);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    // An unclosed fence on the last line has an empty body and no line after it.
    if (first + lo > src.lineCount) return { line: first - 1, column: src.lineText(first - 1).length + 1 };
    const lineStart = starts[lo]!;
    const next = starts[lo + 1];
    const bodyLine = body.slice(lineStart, next === undefined ? body.length : next).replace(/\r?\n$|\r$/, '');
    const indent = Math.max(0, src.lineText(first + lo).length - bodyLine.length);
    return { line: first + lo, column: indent + offset - lineStart + 1 };
  };
}
