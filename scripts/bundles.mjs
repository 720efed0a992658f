// The esbuild bundles of `npm run build` (scripts/build.mjs), in a module of their own so a
// test or a benchmark can build the CLI and its parse worker the same way (`buildTarget`).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import * as esbuild from 'esbuild';

// Entries and relative output paths are the checkout's, wherever the build is started from.
const root = fileURLToPath(new URL('..', import.meta.url));

// ESM output cannot `require`, but bundled CommonJS deps (ws, ...) still call it for builtins.
const requireBanner = {
  js: "import { createRequire as __drillbookCreateRequire } from 'node:module'; const require = __drillbookCreateRequire(import.meta.url);",
};
// ssh2 stays external: its optional native crypto (.node files) cannot be bundled.
const node = { bundle: true, platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'warning', external: ['ssh2'] };
// Worker threads of the engine, each loaded from beside the bundle that starts it: the library's
// parser (core/runbook/parse-pool.ts, `parse-worker.mjs`) and previewImport's importer
// (core/import/import-off-thread.ts, `import-worker.mjs`).
const workerBundle = (name, entry, outfile) => ({ name, entry, outfile, ...node, format: 'esm', banner: requireBanner });
const parseWorker = (name, outdir) => workerBundle(name, 'core/runbook/parse-worker.ts', `${outdir}/parse-worker.mjs`);
const importWorker = (name, outdir) => workerBundle(name, 'core/import/import-worker.ts', `${outdir}/import-worker.mjs`);

export function bundleTargets(out = 'dist') {
  return [
    // playwright-core (the PDF renderer of `serve` and `report`) finds its own files from
    // __dirname at run time, so it cannot be bundled: it is loaded from node_modules, on first use.
    // Split into chunks (beside cli.mjs, so parse-worker.mjs is beside each of them): `--help`
    // and `lint` compile a few hundred kB instead of the whole 6 MB with the S3 SDK and PDF code.
    {
      name: 'cli',
      entry: 'cli/main.ts',
      outdir: out,
      entryNames: 'cli',
      chunkNames: 'cli-chunk-[hash]',
      outExtension: { '.js': '.mjs' },
      splitting: true,
      ...node,
      format: 'esm',
      banner: requireBanner,
      external: [...node.external, 'playwright-core'],
    },
    // The CLI's worker embeds the parser as CommonJS text (cli/parse-worker-entry.ts) and runs
    // it with a V8 code cache written after warm-up parses: `lint` skips compiling 1.3 MB.
    {
      name: 'cli parse worker',
      entry: 'cli/parse-worker-entry.ts',
      outfile: `${out}/parse-worker.mjs`,
      ...node,
      format: 'esm',
      embedParser: 'core/runbook/parse-worker.ts',
      codeCache: true,
    },
    {
      name: 'electron main',
      entry: 'electron/main.ts',
      outfile: `${out}/electron/main.mjs`,
      ...node,
      format: 'esm',
      banner: requireBanner,
      external: ['electron', 'ssh2'],
    },
    parseWorker('main parse worker', `${out}/electron`),
    importWorker('cli import worker', out),
    importWorker('main import worker', `${out}/electron`),
    // A sandboxed preload may require only `electron` and a few polyfilled modules: bundle
    // everything else, for the browser platform so a Node builtin fails the build, not the app.
    {
      name: 'electron preload',
      entry: 'electron/preload.ts',
      outfile: `${out}/electron/preload.cjs`,
      bundle: true,
      platform: 'browser',
      target: 'chrome120',
      format: 'cjs',
      sourcemap: 'linked',
      logLevel: 'warning',
      external: ['electron'],
    },
  ];
}

// The embedded parser: CommonJS (node:vm runs scripts, not modules), whitespace and syntax
// minified (less to read and hash; names kept, so messages and stack traces read the same).
async function parserCode(entry) {
  const r = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['ssh2'],
    minifyWhitespace: true,
    minifySyntax: true,
    absWorkingDir: root,
    write: false,
    logLevel: 'warning',
  });
  return r.outputFiles[0].text;
}

function runbookSamples(dir = path.join(root, 'runbooks'), out = []) {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) runbookSamples(p, out);
    else if (e.name.endsWith('.md') && e.name !== 'README.md') out.push(p);
  }
  return out;
}

/**
 * The worker's V8 code cache (`parse-worker.v8-cache` beside it): the worker parses the
 * example runbooks (their bytecode is what a lint needs), then writes the cache of what ran.
 */
export async function writeParseWorkerCache(workerFile, samples = runbookSamples()) {
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(workerFile, { workerData: { writeCodeCache: port2 }, transferList: [port2] });
  try {
    await new Promise((resolve, reject) => {
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the parse worker exited (${code}) before writing its code cache`)));
      let left = samples.length;
      worker.on('message', (m) => {
        if (m === 'ready') {
          samples.forEach((file, id) => worker.postMessage({ id, request: { source: readFileSync(file, 'utf8'), file } }));
          if (left === 0) port1.postMessage('write');
        } else if (--left === 0) port1.postMessage('write');
      });
      port1.once('message', resolve);
    });
  } finally {
    port1.close();
    await worker.terminate();
  }
}

/** Builds one target of bundleTargets(): esbuild, plus the embedded parser and code cache where asked. */
export async function buildTarget({ name: _name, entry, embedParser, codeCache, ...options }, logLevel = options.logLevel) {
  let define = options.define;
  if (embedParser) {
    const code = await parserCode(embedParser);
    define = {
      ...define,
      __DRILLBOOK_PARSER_CODE__: JSON.stringify(code),
      __DRILLBOOK_PARSER_SHA256__: JSON.stringify(createHash('sha256').update(code).digest('hex')),
    };
  }
  await esbuild.build({ entryPoints: [entry], ...options, ...(define ? { define } : {}), absWorkingDir: root, logLevel });
  if (codeCache) await writeParseWorkerCache(path.resolve(root, options.outfile));
}
