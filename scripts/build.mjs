// `npm run build`: the renderer (vite, with the project's vite.config.ts) into dist/renderer,
// then esbuild bundles for the CLI and the Electron main/preload. Prints what it built.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { build as viteBuild } from 'vite';
import { buildTarget, bundleTargets } from './bundles.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root); // vite.config.ts's `root: 'renderer'` is relative to the working directory
const started = performance.now();

const targets = bundleTargets();

function sizeOf(p) {
  const s = statSync(p);
  return s.isDirectory() ? readdirSync(p).reduce((n, f) => n + sizeOf(path.join(p, f)), 0) : s.size;
}
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;

async function bundle(target) {
  const { name, entry, ...options } = target;
  if (!existsSync(entry)) return `  ${name.padEnd(17)} skipped (${entry} does not exist yet)`;
  await buildTarget(target);
  // A split bundle (the CLI) is its entry file plus chunks loaded on first use.
  const file = options.outfile ?? `${options.outdir}/${options.entryNames}.mjs`;
  return `  ${name.padEnd(17)} ${file.padEnd(30)} ${kb(statSync(file).size)}`;
}

try {
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  const lines = await Promise.all(targets.map(bundle));
  const main = JSON.parse(readFileSync('package.json', 'utf8')).main;
  if (existsSync('electron/main.ts') && main !== 'dist/electron/main.mjs') {
    lines.push(`  warning: package.json "main" is ${main}, but the Electron main bundle is dist/electron/main.mjs`);
  }
  console.log(`drillbook build (${Math.round(performance.now() - started)} ms):`);
  console.log(`  ${'renderer'.padEnd(17)} ${'dist/renderer/'.padEnd(30)} ${kb(sizeOf('dist/renderer'))}`);
  console.log(lines.join('\n'));
} catch (err) {
  // esbuild and vite have already printed the located errors.
  console.error(`drillbook build failed: ${err.message.split('\n')[0]}`);
  process.exit(1);
}
