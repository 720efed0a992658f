// How deeply a line nests, read from its start before the markdown parser sees the file: the
// parser's cost grows with depth on every line (27 s for 800 nested lists). Opening a level
// takes at least one column of indentation or a `>` / list marker on some line, so bounding
// that prefix bounds the depth. Counted on every line, fenced code included: the parser only
// knows what is code once it has parsed.

const TAB = 4;

/** Columns taken by leading whitespace, `>` quote markers and list markers (`-`, `*`, `+`, `1.`, `1)`). */
export function prefixColumns(line: string): number {
  let col = 0;
  let i = 0;
  for (;;) {
    const c = line[i];
    if (c === ' ' || c === '>') {
      col++;
      i++;
    } else if (c === '\t') {
      col += TAB - (col % TAB);
      i++;
    } else if ((c === '-' || c === '*' || c === '+') && (line[i + 1] === ' ' || line[i + 1] === '\t')) {
      col++;
      i++;
    } else {
      const m = /^\d{1,9}[.)](?=[ \t])/.exec(line.slice(i, i + 11));
      if (!m) return col;
      col += m[0].length;
      i += m[0].length;
    }
  }
}

/** The first line whose prefix is wider than `max` columns. */
export function tooDeep(lines: (n: number) => string, lineCount: number, max: number): { line: number; columns: number } | undefined {
  for (let n = 1; n <= lineCount; n++) {
    const columns = prefixColumns(lines(n));
    if (columns > max) return { line: n, columns };
  }
  return undefined;
}
