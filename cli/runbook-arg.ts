// A runbook file named on the command line, read and parsed the way the library does (off the
// event loop, within the parse budget). A file that does not parse is a usage problem for
// `diff` and `print`: its errors come back as `file:line:col: message` lines.
import { readRunbookFile } from '../core/runbook/files';
import type { Runbook } from '../core/runbook/model';
import { analyzeOffThread } from '../core/runbook/parse-pool';

export type RunbookArg = { ok: true; file: string; runbook: Runbook; source: string; sha256: string } | { ok: false; errors: string[] };

export async function loadRunbookArg(file: string): Promise<RunbookArg> {
  const read = await readRunbookFile(file);
  if (read.source === undefined) return { ok: false, errors: [`${file}:1:1: ${read.problem ?? 'cannot read the file'}`] };
  const a = await analyzeOffThread(read.source, read.sha256, file);
  if (!a.runbook) return { ok: false, errors: a.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`) };
  return { ok: true, file, runbook: a.runbook, source: read.source, sha256: read.sha256 };
}
