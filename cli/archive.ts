// `drillbook archive RUN_DIR`: send a finished run (journal, pinned runbook, outputs, report PDF)
// to s3.archive, never overwriting. Exit 0 archived, 1 failed (conflict, auth, ...), 75
// (EX_TEMPFAIL) when S3 is unreachable and the run was queued for the next archive.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveDataDir } from '../core/paths';
import { archiveRun, drainArchiveQueue, readArchiveQueue } from '../core/s3/archive';
import { resolveS3Config } from '../core/s3/config';
import type { Io } from './io';

export const EX_TEMPFAIL = 75;

export const archiveUsage = `Usage: drillbook archive RUN_DIR [--pdf REPORT.pdf]... [--inventory FILE] [--data-dir DIR]
       drillbook archive --drain | --queue

  Upload a finished run folder to <s3.archive><run-id>/ (write-once; Object Lock retention when
  s3.object_lock_days is set). When S3 cannot be reached the run is queued (exit 75) and sent
  after the next archive that gets through, or by --drain.
  --pdf FILE         a report PDF kept outside the run folder (repeatable)
  --drain            send the queued runs now
  --queue            list the queued runs
  --inventory FILE   the YAML file with the s3: block (default: <data dir>/inventory.yaml)
  --data-dir DIR     default: $DRILLBOOK_HOME or the app-data folder`;

export async function archive(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      pdf: { type: 'string', multiple: true },
      drain: { type: 'boolean', default: false },
      queue: { type: 'boolean', default: false },
      inventory: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return (io.out(archiveUsage), 0);
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : resolveDataDir();
  const config = () => resolveS3Config({ dataDir, ...(values.inventory ? { inventory: values.inventory } : {}) });

  if (values.queue && positionals.length === 0) {
    const q = await readArchiveQueue(dataDir);
    if (q.length === 0) io.out('archive queue: empty');
    for (const i of q) io.out(`${i.runDir}  queued ${i.queuedAt}, ${i.attempts} attempt(s): ${i.lastError}`);
    return 0;
  }
  if (values.drain && positionals.length === 0) {
    const d = await drainArchiveQueue(await config(), dataDir);
    for (const id of d.archived) io.out(`archived ${id}`);
    for (const x of d.dropped) io.err(`dropped ${x.runDir}: ${x.reason}`);
    io.out(`archive queue: ${d.remaining} run(s) left`);
    return d.remaining === 0 && d.dropped.length === 0 ? 0 : 1;
  }
  if (positionals.length !== 1 || values.drain || values.queue) return (io.err(archiveUsage), 2);
  const r = await archiveRun(await config(), dataDir, positionals[0]!, values.pdf ? { pdf: values.pdf } : {});
  for (const f of r.files) (f.status === 'conflict' ? io.err : io.out)(f.message);
  (r.status === 'archived' ? io.out : io.err)(r.message);
  for (const id of r.drained?.archived ?? []) io.out(`archived queued run ${id}`);
  return r.status === 'archived' ? 0 : r.status === 'queued' ? EX_TEMPFAIL : 1;
}
