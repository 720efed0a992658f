// The worker thread that parses runbooks for the library: a hostile file can take the parser
// seconds, and the server's event loop must keep serving meanwhile. One request at a time.
import { parentPort } from 'node:worker_threads';
import { analyzeRunbook } from './parse';

export interface ParseRequest {
  id: number;
  source: string;
  file: string;
}

parentPort?.on('message', ({ id, source, file }: ParseRequest) => {
  parentPort!.postMessage({ id, analysis: analyzeRunbook(source, file) });
});
parentPort?.postMessage('ready');
