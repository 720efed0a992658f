// The worker thread that turns documents into drafts (import-off-thread.ts): a long or hostile
// wiki page can take the importer seconds (HTML → mdast, the draft's lint), and the engine's
// event loop must keep serving a run meanwhile. One request at a time (core/budget-worker.ts).
import { parentPort } from 'node:worker_threads';
import { ApiError } from '../errors';
import { importDocument, type ImportInput } from './import-document';
import type { ImportPreview } from './import-contract';

/** A refusal (ApiError) crosses the thread as its code and message; anything else is internal. */
export type ImportReply = { ok: true; preview: ImportPreview } | { ok: false; code: ApiError['code']; message: string };

parentPort?.on('message', ({ id, request }: { id: number; request: ImportInput }) => {
  let result: ImportReply;
  try {
    result = { ok: true, preview: importDocument(request) };
  } catch (err) {
    result =
      err instanceof ApiError
        ? { ok: false, code: err.code, message: err.message }
        : { ok: false, code: 'internal', message: `${request.fileName}: the importer failed: ${(err as Error).message}` };
  }
  parentPort!.postMessage({ id, result });
});
parentPort?.postMessage('ready');
