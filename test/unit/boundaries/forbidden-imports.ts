// What core/ may not use: module specifiers of UI/desktop platforms and DOM globals.
const forbiddenModules = /^(electron|react|react-dom|zustand\/react)(\/|$)/;
const specifier = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
const domGlobal = /(?<![.\w$])(document|window|navigator|localStorage|HTMLElement)\s*[.[]/g;

function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

export function forbiddenImports(source: string): string[] {
  const code = stripComments(source);
  const found = new Set<string>();
  for (const m of code.matchAll(specifier)) {
    const spec = m[1]!;
    if (forbiddenModules.test(spec)) found.add(spec.startsWith('zustand') ? spec : spec.split('/')[0]!);
  }
  for (const m of code.matchAll(domGlobal)) found.add(m[1]!);
  return [...found];
}
