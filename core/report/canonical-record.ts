// The canonical run record: what the Ed25519 signature covers. Deterministic JSON (keys sorted
// at every level, no whitespace, UTF-8) so anyone can rebuild the exact bytes from a run folder
// and check them with standard tools (`openssl pkeyutl -verify -rawin`).
import type { Evidence, PinnedRunbook, RunMode, RunResult } from '../run/events';
import type { RunState } from '../run/state';

export const RECORD_FORMAT = 'drillbook-run-record/1';

export interface RecordSigner {
  name: string;
  org?: string;
  /** SHA-256 (hex) of the X.509 certificate (DER) that makes the PDF signature. */
  certSha256: string;
  /** Ed25519 public key, SPKI PEM. */
  ed25519PublicKey: string;
}

export interface RunRecord {
  format: typeof RECORD_FORMAT;
  runId: string;
  runbook: PinnedRunbook;
  mode: RunMode;
  t0: string;
  /** The journal as it was when the report was made: its chain head and number of lines. */
  journal: { head: string; lines: number };
  /** Every evidence file the journal names, sorted by file. */
  evidence: Evidence[];
  /**
   * The headline claims of the report, so `verify` can say what was signed: `result`,
   * `reasons` and the step counts are runOutcome()'s (`pending` = not done: pending or running).
   * `rtoMet` is only set for a run that ended recovered and had a target.
   */
  outcome: {
    status: RunState['status'];
    result: RunResult;
    reasons: string[];
    endedAt?: string;
    endReason?: string;
    rtoTargetMs?: number;
    achievedMs?: number;
    rtoMet?: boolean;
    /** `skipped`: plain skips; `skippedAfterFailure` (absent when 0): skips of a step that stood failed. */
    steps: {
      total: number;
      done: number;
      skipped: number;
      skippedAfterFailure?: number;
      overridden: number;
      failed: number;
      pending: number;
    };
  };
  report: { generatedAt: string; generator: string };
  signer: RecordSigner;
}

/** JSON with sorted keys and no whitespace; undefined members are left out, as JSON does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonical JSON: numbers must be finite');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export const recordBytes = (record: RunRecord): Buffer => Buffer.from(canonicalJson(record), 'utf8');

/** Parse embedded record bytes; they must already be canonical (so the signature means one thing). */
export function parseRecord(bytes: Uint8Array): RunRecord {
  const text = Buffer.from(bytes).toString('utf8');
  const value = JSON.parse(text) as RunRecord;
  if (value?.format !== RECORD_FORMAT) throw new Error(`not a ${RECORD_FORMAT} record`);
  if (canonicalJson(value) !== text) throw new Error('the embedded record is not in canonical form');
  return value;
}

/** Evidence entries of a run, one per file (the last journal entry for a file wins), sorted. */
export function evidenceList(entries: Iterable<Evidence>): Evidence[] {
  const byFile = new Map<string, Evidence>();
  for (const e of entries) byFile.set(e.file, { file: e.file, sha256: e.sha256, bytes: e.bytes });
  return [...byFile.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
