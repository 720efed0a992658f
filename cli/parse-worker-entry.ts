// The CLI's parse worker (dist/parse-worker.mjs, where core/runbook/parse-pool.ts looks for it).
// The parser (core/runbook/parse-worker.ts: zod, yaml, micromark; 1.3 MB) is embedded here as
// CommonJS text by scripts/bundles.mjs and run with the V8 code cache the build wrote beside
// this file, so `drillbook lint` does not compile the parser in every process.
// The build also uses workerData: `writeCodeCache` (a port) asks for the cache to be written
// after warm-up parses, `reportCodeCache` (a port) receives what became of the cache.
import { fileURLToPath } from 'node:url';
import { workerData, type MessagePort } from 'node:worker_threads';
import { runWithCodeCache, writeCodeCache } from './code-cache';

declare const __DRILLBOOK_PARSER_CODE__: string;
declare const __DRILLBOOK_PARSER_SHA256__: string;

const self = fileURLToPath(import.meta.url);
const cacheFile = self.replace(/\.mjs$/, '.v8-cache');
const { script, cache } = runWithCodeCache({
  code: __DRILLBOOK_PARSER_CODE__,
  sha256: __DRILLBOOK_PARSER_SHA256__,
  filename: self,
  cacheFile,
});

const ports = (workerData ?? {}) as { writeCodeCache?: MessagePort; reportCodeCache?: MessagePort };
ports.reportCodeCache?.postMessage(cache);
ports.writeCodeCache?.once('message', () => {
  writeCodeCache(script, __DRILLBOOK_PARSER_SHA256__, cacheFile);
  ports.writeCodeCache!.postMessage('written');
});
