// A fresh machine has only what test/env/install.sh installs: every program the tests and
// benchmarks start must be listed in test/env/programs.tsv, or a clean CI machine runs red.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { delimiter, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnedPrograms, wrapperNames } from './spawned-programs';

const root = join(import.meta.dirname, '../../..');
// Debian's essential packages (bash, dash, coreutils, util-linux, procps...) and Node's own tools:
// on every machine of this kind before anything is installed.
const preinstalled = new Set([
  'node',
  'npm',
  'npx',
  'tsx',
  'bash',
  'sh',
  'dash',
  'git',
  'kill',
  'true',
  'false',
  'sleep',
  'cat',
  'env',
  'head',
  'id',
  'flock',
  'usermod',
  'seq',
]);

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.name === 'node_modules' ? [] : e.isDirectory() ? files(join(dir, e.name), ext) : ext.test(e.name) ? [join(dir, e.name)] : [],
  );
}

function manifest(): Map<string, string> {
  const rows = readFileSync(join(root, 'test/env/programs.tsv'), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'));
  return new Map(
    rows.map((l) => {
      const [program = '', pkg = ''] = l.split('\t');
      return [program, pkg];
    }),
  );
}

// A wrapper counts in the file that defines it and in the files that import it by name.
function importedWrappers(file: string, text: string, own: Map<string, string[]>): string[] {
  return [...text.matchAll(/import\s*\{([^}]*)\}\s*from\s*['"](\.[^'"]+)['"]/g)].flatMap((m) => {
    const target = relative(root, join(root, file, '..', m[2] ?? ''));
    const defined = own.get(`${target}.ts`) ?? own.get(target) ?? [];
    return (m[1] ?? '')
      .split(',')
      .map((n) => n.trim().split(/\s+as\s+/)[0] ?? '')
      .filter((n) => defined.includes(n));
  });
}

const onPath = (program: string) =>
  [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/bin'].some((d) => d && existsSync(join(d, program)));

describe('programs the tests start are installed by test/env', () => {
  it('the scanner finds direct calls, wrapper calls, probes and absolute paths', () => {
    const src = [
      `execFileSync('pdfsig', [f]);`,
      `function tool(cmd: string, args: string[]) {\n  return spawnSync(cmd, args);\n}`,
      `const has = (bin: string) => spawnSync('sh', ['-c', \`command -v \${bin}\`]).status === 0;`,
      `tool('pdfdetach', ['-saveall']); has('parallel-ssh');`,
      `spawn('/usr/bin/openssl', ['req']); client.exec('uptime', cb); spawn(process.execPath, []);`,
    ].join('\n');
    const wrappers = wrapperNames(src);
    expect(wrappers.sort()).toEqual(['has', 'tool']);
    expect(spawnedPrograms(src, wrappers)).toEqual(['openssl', 'parallel-ssh', 'pdfdetach', 'pdfsig', 'sh']);
  });

  it('every program spawned by test/, bench/ and the test/env scripts is listed in programs.tsv', () => {
    const sources = [...files(join(root, 'test'), /\.(ts|tsx|mjs)$/), ...files(join(root, 'bench'), /\.(ts|mjs)$/)];
    const texts = sources.map((f) => ({ file: relative(root, f), text: readFileSync(f, 'utf8') }));
    const own = new Map(texts.map((t) => [t.file, wrapperNames(t.text)]));
    const listed = manifest();
    const missing = texts.flatMap((t) =>
      spawnedPrograms(t.text, [...own.get(t.file)!, ...importedWrappers(t.file, t.text, own)])
        .filter((p) => !preinstalled.has(p) && !listed.has(p))
        .map((p) => `${p} (${t.file})`),
    );
    for (const f of files(join(root, 'test/env'), /\.sh$/)) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/(?:^|[\s;(|&])(?:\/usr\/s?bin\/)?(ssh-keygen|sshd|useradd|psql|pg_ctl|initdb|openssl|chromium)\b/gm)) {
        const p = m[1] ?? '';
        if (!listed.has(p) && !preinstalled.has(p)) missing.push(`${p} (${relative(root, f)})`);
      }
    }
    expect(missing, 'add each to test/env/programs.tsv with its Debian package').toEqual([]);
    expect(listed.size).toBeGreaterThan(10);
  });

  it('every listed program is present once test/env/install.sh has run', () => {
    const absent = [...manifest()].filter(([p]) => !onPath(p)).map(([p, pkg]) => `${p} (package ${pkg})`);
    expect(absent, 'run `bash test/env/install.sh` (npm test does it first)').toEqual([]);
  });
});
