// `drillbook diff FILE_A FILE_B [--json]`: what changed from one runbook version to another.
// Exit 0 when nothing but the version differs, 1 when something does, 2 on a usage error or a
// file that does not parse (its errors on stderr as file:line:col).
import { parseArgs } from 'node:util';
import { diffVersions } from '../core/runbook/version-diff';
import { diffText } from '../core/runbook/version-diff-text';
import type { Io } from './io';
import { loadRunbookArg } from './runbook-arg';

export const diffUsage = `Usage: drillbook diff FILE_A FILE_B [--json]

What changed from FILE_A (older) to FILE_B (newer): front matter (RTO, RPO, parameters, host
roles), phases (budgets, titles) and steps added, removed, moved or changed (text, command,
attributes). Steps are paired by id, then by similar titles.
  --json   the structured diff instead of text
Exit 0: no change but the version, 1: changes, 2: usage error or a file that does not parse.`;

export async function diff(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return (io.out(diffUsage), 0);
  if (positionals.length !== 2) return (io.err(diffUsage), 2);
  // Not left to the command table's catch: its exit 1 would read as "the versions differ".
  const [a, b] = await Promise.all(positionals.map(loadRunbookArg)).catch((err: Error) => [
    { ok: false as const, errors: [`drillbook diff: ${err.message}`] },
  ]);
  const problems = [a, b].flatMap((r) => (!r ? [] : r.ok ? [] : r.errors));
  if (!a?.ok || !b?.ok) {
    for (const p of problems) io.err(p);
    return 2;
  }
  const d = diffVersions({ runbook: a.runbook, file: a.file }, { runbook: b.runbook, file: b.file });
  io.out(values.json ? JSON.stringify(d, null, 2) : diffText(d));
  return d.identical ? 0 : 1;
}
