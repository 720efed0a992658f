// Child of engine-library.bench.ts: one scan in a fresh process (so only the cache file is
// shared between starts); prints the scan's own time and how many files the worker parsed.
import { scanLibrary } from '../core/runbook/library';
import { workerParses } from '../core/runbook/parse-pool';

const [dir, cacheFile] = process.argv.slice(2);
const t = performance.now();
const scan = await scanLibrary([dir!], cacheFile ? { cacheFile } : {});
const ms = performance.now() - t;
console.log(JSON.stringify({ ms, parses: workerParses(), versions: scan.files.size }));
