// The worker thread that parses runbooks for the library: a hostile file can take the parser
// seconds, and the server's event loop must keep serving meanwhile. One request at a time.
import { parentPort } from 'node:worker_threads';
import { analyzeRunbook } from './parse';

export interface ParseRequest {
  source: string;
  file: string;
}

// The protocol of core/budget-worker.ts.
parentPort?.on('message', ({ id, request }: { id: number; request: ParseRequest }) => {
  parentPort!.postMessage({ id, result: analyzeRunbook(request.source, request.file) });
});
parentPort?.postMessage('ready');
