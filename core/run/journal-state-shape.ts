// The shape of a saved RunState (journal.state), checked before it replaces a fold of the
// journal: anyone who can write the run folder can write that file, so, like a journal line
// (event-schema.ts), it must never reach code that would crash on it. Hand-written rather than a
// zod schema because it walks every history entry of a long run on the commander's open, and
// a schema walk costs as much as the fold it saves. A history or note list the codec built was
// checked item by item while it was built (journal-state-codec.ts): it is not walked twice.
import { decodedLists } from './journal-state-codec';

type Check = (v: unknown) => boolean;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str: Check = (v) => typeof v === 'string';
const nonEmpty: Check = (v) => typeof v === 'string' && v.length > 0;
const int: Check = (v) => Number.isSafeInteger(v);
const posInt: Check = (v) => Number.isSafeInteger(v) && (v as number) > 0;
const num: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const bool: Check = (v) => typeof v === 'boolean';
const oneOf =
  (...xs: string[]): Check =>
  (v) =>
    typeof v === 'string' && xs.includes(v);
const opt =
  (c: Check): Check =>
  (v) =>
    v === undefined || c(v);
const arrayOf =
  (c: Check): Check =>
  (v) => {
    if (!Array.isArray(v)) return false;
    for (let i = 0; i < v.length; i++) if (!c(v[i])) return false;
    return true;
  };
const recordOf =
  (c: Check): Check =>
  (v) => {
    if (!isObj(v)) return false;
    for (const k in v) if (Object.hasOwn(v, k) && !c(v[k])) return false;
    return true;
  };
const shape = (fields: Record<string, Check>): Check => {
  const keys = Object.keys(fields);
  const checks = keys.map((k) => fields[k]!);
  return (v) => {
    if (!isObj(v)) return false;
    for (let i = 0; i < keys.length; i++) if (!checks[i]!(v[keys[i]!])) return false;
    return true;
  };
};

const outcome = oneOf('succeeded', 'failed', 'timed-out', 'cancelled', 'interrupted');
const hostResult = shape({
  host: nonEmpty,
  exitCode: (v) => v === null || int(v),
  signal: opt(str),
  error: opt(str),
  durationMs: num,
  evidence: shape({ file: str, sha256: str, bytes: int }),
});
const attemptRecord = shape({
  attempt: posInt,
  by: str,
  startedAt: str,
  targets: arrayOf(str),
  results: recordOf(hostResult),
  endedAt: opt(str),
  outcome: opt(outcome),
  error: opt(str),
});
const signOff = shape({
  seq: posInt,
  by: str,
  at: str,
  role: str,
  comment: opt(str),
  confirmation: opt(shape({ method: oneOf('key'), certSha256: str, publicKey: str, signature: str })),
});
/** A list the codec built from its encoded form was checked item by item while it was built. */
const builtOr =
  (c: Check): Check =>
  (v) =>
    (typeof v === 'object' && v !== null && decodedLists.has(v)) || c(v);
const stepState = shape({
  stepId: nonEmpty,
  status: oneOf('pending', 'running', 'done', 'failed', 'skipped', 'overridden'),
  by: opt(str),
  at: opt(str),
  reason: opt(str),
  notes: builtOr(arrayOf(shape({ seq: posInt, at: str, actor: str, text: str }))),
  startedAt: opt(str),
  attemptStartedAt: opt(str),
  endedAt: opt(str),
  attempt: opt(posInt),
  outcome: opt(outcome),
  error: opt(str),
  hosts: opt(recordOf(hostResult)),
  gate: opt(shape({ by: str, at: str, role: str, comment: opt(str), confirmed: opt(bool) })),
  signOffs: arrayOf(signOff),
  attempts: arrayOf(attemptRecord),
  override: opt(shape({ kind: oneOf('not-run', 'accepted-failure'), reason: str, by: str, at: str })),
  bypasses: arrayOf(shape({ seq: posInt, at: str, by: str, type: oneOf('step.skipped', 'step.overridden'), bypassed: arrayOf(str) })),
  history: builtOr(arrayOf(shape({ seq: posInt, at: str, actor: str, type: str, detail: opt(str) }))),
});
const count = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
const runState = shape({
  runId: nonEmpty,
  runbook: shape({ id: str, version: str, title: str, sha256: str }),
  mode: oneOf('drill', 'incident'),
  t0: str,
  startedAt: str,
  startedBy: str,
  params: recordOf(str),
  bindings: recordOf(arrayOf(str)),
  participants: arrayOf(shape({ name: nonEmpty, role: nonEmpty })),
  steps: recordOf(stepState),
  status: oneOf('active', 'completed', 'aborted'),
  endedAt: opt(str),
  endReason: opt(str),
  endedBy: opt(str),
  recorded: opt(
    shape({
      result: oneOf('recovered', 'recovered-with-deviations', 'not-recovered', 'aborted'),
      counts: shape({
        total: count,
        done: count,
        skipped: count,
        skippedAfterFailure: opt(count),
        overridden: count,
        failed: count,
        notDone: count,
      }),
    }),
  ),
  lastSeq: posInt,
  head: str,
});

/** Why `value` is not the state after line `lines` with chain head `head`, or undefined when it is. */
export function stateProblem(value: unknown, lines: number, head: string): string | undefined {
  if (!runState(value)) return 'not the shape of a run state';
  const state = value as { lastSeq: number; head: string; steps: Record<string, { stepId: string }> };
  if (state.lastSeq !== lines || state.head !== head) return `folded to line ${state.lastSeq}, not line ${lines} and its head`;
  // Each step is filed under its own id (a reader looks steps up by id).
  for (const [id, step] of Object.entries(state.steps)) if (step.stepId !== id) return `step "${id}" holds step "${step.stepId}"`;
  return undefined;
}
