// `{key=value key2="two words" flag}` attribute blocks: at the end of a heading or task item,
// or as the info-string meta of a fenced block. Only tokenizing lives here; which keys are
// allowed where is in step-attrs.ts. Offsets are absolute source offsets, for exact columns.
import type { Diagnostics } from './source';

export interface RawAttr {
  key: string;
  value?: string;
  keyOffset: number;
  valueOffset: number;
}

// The last `{...}` of a line of text; `{{param}}` is not an attribute block.
const TRAILING = /(^|[^{])\{([^{}]*)\}\s*$/;
const KEY = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Split `Title {a=b}` (at source offset `base`) into the text before the block and its attrs. */
export function splitTrailingAttrs(raw: string, base: number, diag: Diagnostics): { text: string; attrs: RawAttr[] } {
  const m = TRAILING.exec(raw);
  if (!m) return { text: raw.trim(), attrs: [] };
  const open = m.index + m[1]!.length;
  return { text: raw.slice(0, open).trim(), attrs: parseAttrList(m[2]!, base + open + 1, diag) };
}

/** Remove a trailing attribute block from plain text (a title as shown to people). */
export function stripTrailingAttrs(text: string): string {
  const m = TRAILING.exec(text);
  return (m ? text.slice(0, m.index + m[1]!.length) : text).replace(/\s+/g, ' ').trim();
}

/** Tokenize the inside of `{...}`; `base` is the source offset of its first character. */
export function parseAttrList(inner: string, base: number, diag: Diagnostics): RawAttr[] {
  const out: RawAttr[] = [];
  const seen = new Set<string>();
  let i = 0;
  while (i < inner.length) {
    if (/\s/.test(inner[i]!)) {
      i++;
      continue;
    }
    const start = i;
    while (i < inner.length && !/[\s=]/.test(inner[i]!)) i++;
    const key = inner.slice(start, i);
    let value: string | undefined;
    let valueStart = i;
    if (inner[i] === '=') {
      valueStart = ++i;
      if (inner[i] === '"') {
        const close = inner.indexOf('"', i + 1);
        if (close < 0) {
          diag.at(base + i, `unterminated quoted value for attribute "${key}": expected a closing "`);
          return out;
        }
        value = inner.slice(i + 1, close);
        i = close + 1;
      } else {
        while (i < inner.length && !/\s/.test(inner[i]!)) i++;
        value = inner.slice(valueStart, i);
      }
    }
    if (!KEY.test(key)) {
      diag.at(base + start, `malformed attribute "${inner.slice(start, i)}": expected key=value or a flag`);
    } else if (seen.has(key)) {
      diag.at(base + start, `attribute "${key}" is given twice`);
    } else {
      seen.add(key);
      out.push({ key, value, keyOffset: base + start, valueOffset: base + valueStart });
    }
  }
  return out;
}
