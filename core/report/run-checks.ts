// `verify --run RUN_DIR`: does the run folder still hold what the signed record says? The
// journal's chain must verify and pass through the signed head at the signed line; the pinned
// runbook and every evidence file must hash to the signed values.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { JournalError, readJournal } from '../run/journal';
import { sha256Hex } from '../run/chain';
import { PINNED_RUNBOOK } from '../run/run-store';
import { checkSignOffs } from '../run/sign-off';
import type { RunRecord } from './canonical-record';
import { readEvidence } from './evidence-excerpts';
import { journalEvidence } from './run-folder';
import type { Check } from './verify';

const short = (h: string) => `${h.slice(0, 16)}…`;

export async function runChecks(runDir: string, record: RunRecord, journal = readJournal(runDir)): Promise<Check[]> {
  const checks: Check[] = [];
  const signed = record.journal;
  try {
    const j = await journal;
    const lines = j.events.length;
    checks.push({
      name: 'journal-chain',
      ok: true,
      detail: `hash chain verifies over ${lines} lines${j.problem ? ` (${j.problem})` : ''}`,
    });
    const headAtSigned = lines === signed.lines ? j.head : j.events[signed.lines]?.prev;
    if (lines < signed.lines) {
      checks.push({
        name: 'journal-head',
        ok: false,
        detail: `the journal has ${lines} lines, the report was signed over ${signed.lines}: lines were removed`,
      });
    } else if (headAtSigned !== signed.head) {
      checks.push({
        name: 'journal-head',
        ok: false,
        detail: `line ${signed.lines} of the journal hashes to ${short(headAtSigned ?? '')}, the report signed ${short(signed.head)}: the journal was rewritten`,
      });
    } else {
      const extra = lines - signed.lines;
      const more = extra > 0 ? `; ${extra} line${extra === 1 ? ' was' : 's were'} appended after the report` : '';
      checks.push({ name: 'journal-head', ok: true, detail: `head after line ${signed.lines} is the signed ${short(signed.head)}${more}` });
    }
    if (j.events[0]?.type === 'run.started' && j.events[0].data.runId !== record.runId) {
      checks.push({
        name: 'run-id',
        ok: false,
        detail: `the folder holds run ${j.events[0].data.runId}, the report is for ${record.runId}`,
      });
    }
    const listed = new Set(journalEvidence(j.events.slice(0, signed.lines)).map((e) => `${e.file} ${e.sha256} ${e.bytes}`));
    const same = listed.size === record.evidence.length && record.evidence.every((e) => listed.has(`${e.file} ${e.sha256} ${e.bytes}`));
    if (!same)
      checks.push({
        name: 'evidence-list',
        ok: false,
        detail: 'the evidence files named by the journal differ from those in the signed record',
      });
    // Key-confirmed sign-offs carry their own Ed25519 signatures: each is checked against its line.
    for (const c of checkSignOffs(j.events)) checks.push({ name: 'sign-off', ok: c.ok, detail: c.detail });
  } catch (err) {
    const detail =
      err instanceof JournalError ? `${err.message}: the journal was changed` : `cannot read the journal: ${(err as Error).message}`;
    checks.push({ name: 'journal-chain', ok: false, detail });
  }

  try {
    const actual = sha256Hex(await readFile(path.join(runDir, PINNED_RUNBOOK)));
    const ok = actual === record.runbook.sha256;
    checks.push({
      name: 'runbook',
      ok,
      detail: ok
        ? `${PINNED_RUNBOOK} is ${record.runbook.id}@${record.runbook.version} as signed`
        : `${PINNED_RUNBOOK} SHA-256 is ${short(actual)}, the report signed ${short(record.runbook.sha256)}: the runbook file was changed`,
    });
  } catch (err) {
    checks.push({ name: 'runbook', ok: false, detail: `${PINNED_RUNBOOK}: ${(err as Error).message}` });
  }

  const evidence = await readEvidence(runDir, record.evidence, false);
  const bad = [...evidence.values()].flatMap((e) => (e.problem ? [e.problem] : []));
  checks.push({
    name: 'evidence',
    ok: bad.length === 0,
    detail: bad.length ? bad.join('; ') : `${record.evidence.length} evidence files match their signed SHA-256`,
  });
  return checks;
}
