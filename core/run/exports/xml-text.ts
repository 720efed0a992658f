// Text for XML 1.0 attributes and elements. Command output may hold bytes XML cannot carry at
// all (ANSI escapes, NUL): they are written as visible `\x1b`, never dropped silently and never
// left in to make the whole file unreadable to a CI server's parser.
// eslint-disable-next-line no-control-regex -- matching the control characters is the point
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

const visible = (s: string) => s.replace(INVALID, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

export function xmlText(value: string): string {
  return visible(value).replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}

/** For a double-quoted attribute: line breaks and tabs kept as character references (attribute normalisation would eat them). */
export function xmlAttr(value: string): string {
  return visible(value).replace(
    /[&<>"\n\r\t]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\n': '&#10;', '\r': '&#13;', '\t': '&#9;' })[c]!,
  );
}
