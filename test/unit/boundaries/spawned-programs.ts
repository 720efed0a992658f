// Which programs does test or benchmark code start by name? Found from the source text: direct
// child_process calls with a literal program, and calls of local wrappers (a function whose first
// parameter is handed to child_process) with a literal first argument.
const spawners = ['execFileSync', 'execFile', 'spawnSync', 'spawn', 'execSync'];
const spawnCall = new RegExp(`\\b(?:${spawners.join('|')})\\(`);
// `function tool(cmd: string` / `const has = (bin: string) =>` / `const sh = async (cmd` ...
const definition = /\b(?:function\s+(\w+)\s*\(|(?:const|let)\s+(\w+)\s*=\s*(?:async\s*)?\()\s*(\w+)/g;

export function wrapperNames(source: string): string[] {
  const names: string[] = [];
  for (const m of source.matchAll(definition)) {
    const name = m[1] ?? m[2] ?? '';
    const param = m[3] ?? '';
    // The body: up to the next top-level blank line or 600 characters, enough for these helpers.
    const body = source.slice(m.index + m[0].length, m.index + m[0].length + 600).split(/\n\s*\n/)[0] ?? '';
    const call = body.search(spawnCall);
    if (call >= 0 && new RegExp(`\\b${param}\\b`).test(body.slice(call))) names.push(name);
  }
  return names;
}

const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** Literal program names started by `source`, given the wrapper functions known across the tree. */
export function spawnedPrograms(source: string, wrappers: readonly string[]): string[] {
  const callers = [...spawners, ...wrappers].join('|');
  const call = new RegExp(`(?<![.\\w])(?:${callers})\\(\\s*['"\`]([^'"\`$]+)['"\`]`, 'g');
  const found = new Set<string>();
  for (const m of source.matchAll(call)) found.add(basename((m[1] ?? '').trim().split(/\s+/)[0] ?? ''));
  // `command -v X` probes inside strings, and absolute /usr/(s)bin paths anywhere.
  for (const m of source.matchAll(/command -v ([a-z][\w.-]*)/g)) found.add(m[1] ?? '');
  for (const m of source.matchAll(/['"`]\/usr\/s?bin\/([a-z][\w.-]*)['"`]/g)) found.add(m[1] ?? '');
  return [...found].sort();
}
