// The esbuild bundles of `npm run build` (scripts/build.mjs), in a module of their own so a
// test can build the CLI and its parse worker the same way.

// ESM output cannot `require`, but bundled CommonJS deps (ws, ...) still call it for builtins.
const requireBanner = {
  js: "import { createRequire as __drillbookCreateRequire } from 'node:module'; const require = __drillbookCreateRequire(import.meta.url);",
};
// ssh2 stays external: its optional native crypto (.node files) cannot be bundled.
const node = { bundle: true, platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'warning', external: ['ssh2'] };
// The library parses runbooks in a worker thread; core/runbook/parse-pool.ts loads
// `parse-worker.mjs` from beside the bundle that runs it.
const parseWorker = (name, outdir) => ({
  name,
  entry: 'core/runbook/parse-worker.ts',
  outfile: `${outdir}/parse-worker.mjs`,
  ...node,
  format: 'esm',
  banner: requireBanner,
});

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
    parseWorker('cli parse worker', out),
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
