// Parameter substitution for bash/sh command steps (RUNBOOK-FORMAT.md, "Parameters"): a value
// reaches the shell as inert text wherever `{{name}}` stands. Unquoted it becomes one
// single-quoted word; inside double quotes the quote is closed, the single-quoted value added,
// and the quote reopened ("abc"'val'"def"), so the shell sees the bytes of the value and never
// expands, splits or globs them. References in comments are left as written: a value with a
// newline would end the comment. Anywhere else the reference is refused with the reason.
import { scanRefs, UnsafeRef } from './shell-scan';

/** `value` as one POSIX single-quoted word ('…' with each ' written as '\''). */
export function singleQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

export class RenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RenderError';
  }
}

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

/** A piece of a rendered command: text as written, or a parameter's value as the shell gets it. */
export type CommandPart = { text: string } | { text: string; param: string; value: string };

/**
 * The script with every `{{name}}` replaced by its value, shell-quoted for where it stands.
 * Throws RenderError naming the step, the line of the script and what to change.
 */
export function renderCommand(script: string, params: Readonly<Record<string, string>>, stepId = '?'): string {
  return renderCommandParts(script, params, stepId)
    .map((p) => p.text)
    .join('');
}

/** renderCommand in pieces, so a screen can mark the substituted values of exactly what runs. */
export function renderCommandParts(script: string, params: Readonly<Record<string, string>>, stepId = '?'): CommandPart[] {
  let sites;
  try {
    sites = scanRefs(script);
  } catch (err) {
    if (!(err instanceof UnsafeRef)) throw err;
    const where = err.where.replaceAll('{{name}}', err.ref);
    throw new RenderError(`step "${stepId}": ${err.ref} ${where} (line ${lineOf(script, err.index)} of the command)`);
  }
  const out: CommandPart[] = [];
  let at = 0;
  for (const site of sites) {
    if (site.context === 'comment') continue;
    if (!Object.hasOwn(params, site.name)) {
      throw new RenderError(`step "${stepId}": {{${site.name}}} has no value: the run has no parameter "${site.name}"`);
    }
    const value = params[site.name]!;
    if (value.includes('\0'))
      throw new RenderError(`step "${stepId}": parameter "${site.name}" contains a NUL byte, which no shell argument can hold`);
    const quoted = singleQuote(value);
    if (site.start > at) out.push({ text: script.slice(at, site.start) });
    out.push({ text: site.context === 'double' ? `"${quoted}"` : quoted, param: site.name, value });
    at = site.end;
  }
  if (at < script.length) out.push({ text: script.slice(at) });
  return out;
}
