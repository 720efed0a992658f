// Where each `{{name}}` of a bash/sh script stands, as the shell will read it: unquoted, inside
// double quotes, in a comment, or somewhere no quoting can make a value inert (single quotes,
// $'…', heredoc bodies, backticks, ${…}, arithmetic). Only what decides the quoting context
// is tracked: quotes, backslashes, $( … ) / backticks nesting (also inside double quotes),
// ${…}, $(( … )), comments and heredocs. Whatever the scanner cannot be sure of makes the
// references after it an error rather than a guess: a wrong guess would be shell injection.
import { paramRefs } from '../runbook/params';

export type RefContext = 'unquoted' | 'double' | 'comment';

export interface RefSite {
  name: string;
  start: number;
  end: number;
  context: RefContext;
}

/** A reference that cannot be made safe where it stands; `index` is its offset in the script. */
export class UnsafeRef extends Error {
  constructor(
    readonly ref: string,
    readonly index: number,
    readonly where: string,
  ) {
    super(`${ref} ${where}`);
    this.name = 'UnsafeRef';
  }
}

type Frame =
  { k: 'code'; close: ')' | '`' | null; parens: number } | { k: 'dq' } | { k: 'param' } | { k: 'arith'; close: '))' | ']'; depth: number };

const BOUNDARY = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>', '`']);
const WORD_END = /[\s;&|()<>]/;

const WHY = {
  single:
    "inside single quotes cannot be made safe: single-quoted text is usually code for another program (ssh, bash -c, psql, awk) where a value could still inject; put it in double quotes or outside the quotes, e.g. 'prefix '{{name}}",
  ansi: "inside $'…' cannot be made safe; put it outside the quotes or in double quotes",
  heredoc:
    'inside a heredoc body cannot be made safe (the body is not shell-quoted); pass the value as an argument or variable, e.g. v={{name}} before the heredoc and $v inside it',
  backtick: 'inside `…` cannot be made safe (backticks re-read backslashes and backquotes); use $(…) instead',
  param: 'inside ${…} cannot be made safe; assign it to a variable first: v={{name}}',
  arith:
    'inside arithmetic ($((…)), ((…)) or $[…]) cannot be made safe: arithmetic evaluates text as code; assign it to a variable first and validate it',
  escaped: 'right after a backslash cannot be made safe (the backslash would escape the quote Drillbook adds); remove the backslash',
  dollar: "right after $ cannot be made safe ($' or ${ would change the quoting); remove the $ or put it in quotes",
  heredocWord: 'in a heredoc delimiter is not supported',
  caseInSubst:
    'after a case statement inside $(…) or `…`: Drillbook cannot tell reliably where the substitution ends; move the case statement out of the command substitution (e.g. into a function)',
  unbalanced: 'cannot be placed safely: the script has unbalanced quotes, parentheses or backticks (bash -n would reject it)',
};

/** Every `{{name}}` of `script` with its context; throws UnsafeRef for one that cannot be made inert. */
export function scanRefs(script: string): RefSite[] {
  const refs = paramRefs(script).map((r) => ({ name: r.name, start: r.index, end: r.end }));
  // No reference, nothing to place: an unbalanced script is for bash -n to report, not us.
  if (refs.length === 0) return [];
  const refAt = new Map(refs.map((r) => [r.start, r]));
  const sites: RefSite[] = [];
  const fail = (at: number, why: string): never => {
    const r = refs.find((x) => x.end > at) ?? refs[0]!;
    throw new UnsafeRef(script.slice(r.start, r.end), r.start, why);
  };
  /** Refuse every reference inside [from, to). */
  const forbid = (from: number, to: number, why: string) => {
    const r = refs.find((x) => x.start >= from && x.start < to);
    if (r) throw new UnsafeRef(script.slice(r.start, r.end), r.start, why);
  };
  const stack: Frame[] = [{ k: 'code', close: null, parens: 0 }];
  const heredocs: { delim: string; strip: boolean }[] = [];
  let uncertainFrom = Infinity;
  const inSubst = () => stack.some((f) => f.k === 'code' && f.close !== null);
  const n = script.length;
  let i = 0;

  /** Skip '…' starting at i (the opening quote); returns the index after the closing quote. */
  const skipSingle = (from: number, ansi: boolean): number => {
    let j = from + 1;
    while (j < n && script[j] !== "'") j += ansi && script[j] === '\\' ? 2 : 1;
    forbid(from, j, ansi ? WHY.ansi : WHY.single);
    if (j >= n) fail(from, WHY.unbalanced);
    return j + 1;
  };

  /** `$` at i: opens a nested construct, or is a plain character. Returns the next index. */
  const dollar = (inDq: boolean): number => {
    const c = script[i + 1];
    if (refAt.has(i + 1)) fail(i + 1, WHY.dollar);
    if (c === '(' && script[i + 2] === '(') return (stack.push({ k: 'arith', close: '))', depth: 0 }), i + 3);
    if (c === '(') return (stack.push({ k: 'code', close: ')', parens: 0 }), i + 2);
    if (c === '{') return (stack.push({ k: 'param' }), i + 2);
    if (c === '[') return (stack.push({ k: 'arith', close: ']', depth: 0 }), i + 2);
    if (!inDq && c === "'") return skipSingle(i + 1, true);
    if (!inDq && c === '"') return (stack.push({ k: 'dq' }), i + 2);
    return i + 1;
  };

  const backslash = (): number => {
    if (refAt.has(i + 1)) fail(i + 1, WHY.escaped);
    return i + 2;
  };

  /** `<<` / `<<-` at i in code: read the delimiter word; its body starts at the next newline. */
  const heredoc = (): number => {
    let j = i + 2;
    const strip = script[j] === '-';
    if (strip) j++;
    while (script[j] === ' ' || script[j] === '\t') j++;
    const wordStart = j;
    let delim = '';
    while (j < n && !WORD_END.test(script[j]!)) {
      const c = script[j]!;
      if (c === "'" || c === '"') {
        const close = script.indexOf(c, j + 1);
        if (close < 0) fail(j, WHY.unbalanced);
        delim += script.slice(j + 1, close);
        j = close + 1;
      } else if (c === '\\') {
        delim += script[j + 1] ?? '';
        j += 2;
      } else {
        delim += c;
        j++;
      }
    }
    forbid(wordStart, j, WHY.heredocWord);
    if (delim) heredocs.push({ delim, strip });
    return j;
  };

  /** At an unquoted newline (index i): skip the bodies of pending heredocs. */
  const heredocBodies = (): number => {
    let j = i + 1;
    for (const { delim, strip } of heredocs.splice(0)) {
      const bodyStart = j;
      for (;;) {
        if (j >= n) break;
        const eol = script.indexOf('\n', j);
        const end = eol < 0 ? n : eol;
        const line = script.slice(j, end);
        j = eol < 0 ? n : eol + 1;
        if ((strip ? line.replace(/^\t+/, '') : line) === delim) break;
      }
      forbid(bodyStart, j, WHY.heredoc);
    }
    return j;
  };

  while (i < n) {
    const frame = stack[stack.length - 1]!;
    const c = script[i]!;
    const ref = refAt.get(i);
    if (ref) {
      // Anything enclosing it that re-reads text (even through inner double quotes) rules it out.
      if (stack.some((f) => f.k === 'param')) fail(i, WHY.param);
      if (stack.some((f) => f.k === 'arith')) fail(i, WHY.arith);
      if (stack.some((f) => f.k === 'code' && f.close === '`')) fail(i, WHY.backtick);
      if (i >= uncertainFrom) fail(i, WHY.caseInSubst);
    }
    switch (frame.k) {
      case 'code': {
        if (ref) {
          sites.push({ ...ref, context: 'unquoted' });
          i = ref.end;
          continue;
        }
        const wordStart = i === 0 || BOUNDARY.has(script[i - 1]!);
        if (c === "'") i = skipSingle(i, false);
        else if (c === '"') {
          stack.push({ k: 'dq' });
          i++;
        } else if (c === '`') {
          if (frame.close === '`') stack.pop();
          else stack.push({ k: 'code', close: '`', parens: 0 });
          i++;
        } else if (c === '\\') i = backslash();
        else if (c === '$') i = dollar(false);
        else if (c === '#' && wordStart) {
          const eol = script.indexOf('\n', i);
          const end = eol < 0 ? n : eol;
          for (const r of refs) if (r.start >= i && r.start < end) sites.push({ ...r, context: 'comment' });
          i = end;
        } else if (c === '<' && script[i + 1] === '<' && script[i + 2] !== '<') i = heredoc();
        else if (c === '<' && script[i + 1] === '<')
          i += 3; // <<< here-string: its word is an ordinary word
        else if (c === '(' && script[i + 1] === '(' && wordStart) {
          stack.push({ k: 'arith', close: '))', depth: 0 });
          i += 2;
        } else if (c === '(') {
          frame.parens++;
          i++;
        } else if (c === ')') {
          if (frame.parens > 0) frame.parens--;
          else if (frame.close === ')') stack.pop();
          i++;
        } else if (c === '\n') i = heredocs.length ? heredocBodies() : i + 1;
        else if (wordStart && script.startsWith('case', i) && (i + 4 >= n || WORD_END.test(script[i + 4]!)) && inSubst()) {
          uncertainFrom = Math.min(uncertainFrom, i);
          i += 4;
        } else i++;
        break;
      }
      case 'dq': {
        if (ref) {
          sites.push({ ...ref, context: 'double' });
          i = ref.end;
        } else if (c === '"') {
          stack.pop();
          i++;
        } else if (c === '\\') i = backslash();
        else if (c === '$') i = dollar(true);
        else if (c === '`') {
          stack.push({ k: 'code', close: '`', parens: 0 });
          i++;
        } else i++;
        break;
      }
      case 'param': {
        if (c === '}') {
          stack.pop();
          i++;
        } else if (c === "'") i = skipSingle(i, false);
        else if (c === '"') {
          stack.push({ k: 'dq' });
          i++;
        } else if (c === '\\') i = backslash();
        else if (c === '$') i = dollar(false);
        else if (c === '`') {
          stack.push({ k: 'code', close: '`', parens: 0 });
          i++;
        } else i++;
        break;
      }
      case 'arith': {
        if (frame.close === '))' && c === ')' && frame.depth === 0 && script[i + 1] === ')') {
          stack.pop();
          i += 2;
        } else if (frame.close === ']' && c === ']' && frame.depth === 0) {
          stack.pop();
          i++;
        } else if (c === '(' || c === '[') {
          frame.depth++;
          i++;
        } else if (c === ')' || c === ']') {
          frame.depth = Math.max(0, frame.depth - 1);
          i++;
        } else if (c === "'") i = skipSingle(i, false);
        else if (c === '"') {
          stack.push({ k: 'dq' });
          i++;
        } else if (c === '\\') i = backslash();
        else if (c === '$') i = dollar(false);
        else if (c === '`') {
          stack.push({ k: 'code', close: '`', parens: 0 });
          i++;
        } else i++;
        break;
      }
    }
  }
  // Unclosed quotes or substitutions: bash would reject the script, and our contexts are guesses.
  const top = stack[0] as { parens: number };
  if ((stack.length > 1 || top.parens !== 0) && sites.some((s) => s.context !== 'comment')) fail(0, WHY.unbalanced);
  return sites;
}
