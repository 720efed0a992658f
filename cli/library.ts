// `drillbook library pull|push|status`: the runbook library in S3. The s3: block comes from
// --inventory FILE, else <data dir>/inventory.yaml. Pull prints lint-style lines for versions
// kept out; push lints everything first and publishes nothing if a file has errors.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatDuration } from '../core/runbook/duration';
import { resolveDataDir } from '../core/paths';
import { resolveS3Config } from '../core/s3/config';
import { pushLibrary } from '../core/s3/library-push';
import { pullLibrary, readSyncStatus } from '../core/s3/library-sync';
import type { Io } from './io';

export const libraryUsage = `Usage: drillbook library pull [--inventory FILE] [--data-dir DIR]
       drillbook library push FILE... [--inventory FILE]
       drillbook library status [--data-dir DIR]

  pull     download every runbook version under s3.library into <data dir>/library/
           (each linted first; invalid ones are listed and kept out; exit 1 if any)
  push     publish runbook files to <s3.library><id>/<id>-<version>.md; an id@version already
           published with other content is a conflict (exit 1), never overwritten
  status   when the library was last pulled, from where, and whether the copy is stale
  --inventory FILE   the YAML file with the s3: block (default: <data dir>/inventory.yaml)
  --data-dir DIR     default: $DRILLBOOK_HOME or the app-data folder`;

export async function library(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { inventory: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return (io.out(libraryUsage), 0);
  const [sub, ...files] = positionals;
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : resolveDataDir();
  const config = () => resolveS3Config({ dataDir, ...(values.inventory ? { inventory: values.inventory } : {}) });

  if (sub === 'status' && files.length === 0) {
    const s = await readSyncStatus(dataDir);
    if (!s.lastSync) return (io.out('library: never pulled from S3'), 0);
    io.out(
      `library: ${s.count} runbook version(s) pulled from ${s.source} (${s.endpoint}) at ${s.lastSync}, ${formatDuration(s.ageMs ?? 0)} ago${s.stale ? ' (stale)' : ''}`,
    );
    return 0;
  }
  if (sub === 'pull' && files.length === 0) {
    const r = await pullLibrary(await config(), dataDir);
    for (const rej of r.rejected) {
      for (const p of rej.problems) io.err(p);
      if (rej.kept) io.err(`${rej.url}: kept the copy pulled earlier`);
    }
    for (const w of r.warnings) io.err(`warning: ${w}`);
    const extra = [r.removed.length ? `${r.removed.length} removed` : '', r.rejected.length ? `${r.rejected.length} kept out` : '']
      .filter(Boolean)
      .join(', ');
    io.out(
      `pulled ${r.source}: ${r.count} runbook version(s) in ${r.dir} (${r.downloaded} downloaded, ${r.unchanged} unchanged${extra ? `, ${extra}` : ''})`,
    );
    return r.rejected.length > 0 ? 1 : 0;
  }
  if (sub === 'push' && files.length > 0) {
    const r = await pushLibrary(await config(), files);
    for (const l of r.lint) io.err(l);
    if (r.outcomes.length === 0 && !r.ok) return (io.err('nothing published: fix the errors above first'), 1);
    for (const o of r.outcomes) (o.status === 'published' || o.status === 'already-published' ? io.out : io.err)(o.message);
    return r.ok ? 0 : 1;
  }
  io.err(libraryUsage);
  return 2;
}
