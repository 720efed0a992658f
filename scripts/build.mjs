// `npm run build`: the renderer (vite, with the project's vite.config.ts) into dist/renderer,
// then esbuild bundles for the CLI and the Electron main/preload. Prints what it built.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { build as viteBuild } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root); // vite.config.ts's `root: 'renderer'` is relative to the working directory
const started = performance.now();

// ESM output cannot `require`, but bundled CommonJS deps (ws, ...) still call it for builtins.
const requireBanner = {
  js: "import { createRequire as __drillbookCreateRequire } from 'node:module'; const require = __drillbookCreateRequire(import.meta.url);",
};
// ssh2 stays external: its optional native crypto (.node files) cannot be bundled.
const node = { bundle: true, platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'warning', external: ['ssh2'] };
const targets = [
  // playwright-core (the PDF renderer of `serve` and `report`) finds its own files from
  // __dirname at run time, so it cannot be bundled: it is loaded from node_modules, on first use.
  { name: 'cli', entry: 'cli/main.ts', outfile: 'dist/cli.mjs', ...node, format: 'esm', banner: requireBanner, external: [...node.external, 'playwright-core'] },
  {
    name: 'electron main',
    entry: 'electron/main.ts',
    outfile: 'dist/electron/main.mjs',
    ...node,
    format: 'esm',
    banner: requireBanner,
    external: ['electron', 'ssh2'],
  },
  // A sandboxed preload may require only `electron` and a few polyfilled modules: bundle
  // everything else, for the browser platform so a Node builtin fails the build, not the app.
  {
    name: 'electron preload',
    entry: 'electron/preload.ts',
    outfile: 'dist/electron/preload.cjs',
    bundle: true,
    platform: 'browser',
    target: 'chrome120',
    format: 'cjs',
    sourcemap: 'linked',
    logLevel: 'warning',
    external: ['electron'],
  },
];

function sizeOf(p) {
  const s = statSync(p);
  return s.isDirectory() ? readdirSync(p).reduce((n, f) => n + sizeOf(path.join(p, f)), 0) : s.size;
}
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;

async function bundle({ name, entry, ...options }) {
  if (!existsSync(entry)) return `  ${name.padEnd(17)} skipped (${entry} does not exist yet)`;
  await esbuild.build({ entryPoints: [entry], ...options });
  return `  ${name.padEnd(17)} ${options.outfile.padEnd(26)} ${kb(statSync(options.outfile).size)}`;
}

try {
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  const lines = await Promise.all(targets.map(bundle));
  const main = JSON.parse(readFileSync('package.json', 'utf8')).main;
  if (existsSync('electron/main.ts') && main !== 'dist/electron/main.mjs') {
    lines.push(`  warning: package.json "main" is ${main}, but the Electron main bundle is dist/electron/main.mjs`);
  }
  console.log(`drillbook build (${Math.round(performance.now() - started)} ms):`);
  console.log(`  ${'renderer'.padEnd(17)} ${'dist/renderer/'.padEnd(26)} ${kb(sizeOf('dist/renderer'))}`);
  console.log(lines.join('\n'));
} catch (err) {
  // esbuild and vite have already printed the located errors.
  console.error(`drillbook build failed: ${err.message.split('\n')[0]}`);
  process.exit(1);
}
