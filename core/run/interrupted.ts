// The one way an attempt left "running" by a process that is gone gets closed: a step.finished
// with outcome interrupted, never a silent pass. Whoever takes the run's lock and finds such an
// attempt writes it at once (the engine when it opens a run, so `drillbook serve`, the app and a
// headless --resume); a commander's cancel of such a step writes the same.
//
// Before it, each host's evidence file that exists is hashed as found and recorded in a
// step.host.finished (exit code null, error "interrupted"): the partial output is then covered
// by the journal, the report lists it, and `verify` catches a later change to it.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { evidenceFile } from './evidence-writer';
import type { Evidence } from './events';
import type { NewEvent } from './journal';
import type { RunState, StepState } from './state';

/** One host's output file as it was found: its evidence, and when it was last written. */
async function foundEvidence(runDir: string, file: string): Promise<{ evidence: Evidence; writtenAt: Date } | undefined> {
  const full = path.join(runDir, file);
  const st = await stat(full).catch(() => undefined);
  if (!st?.isFile()) return undefined;
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(full) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { evidence: { file, sha256: hash.digest('hex'), bytes }, writtenAt: st.mtime };
}

/** The time of the run's last journal event that the fold keeps (any step's history, start, end). */
export function lastEventAt(state: RunState): string {
  let last = state.endedAt && state.endedAt > state.startedAt ? state.endedAt : state.startedAt;
  for (const st of Object.values(state.steps)) {
    const at = st.history.at(-1)?.at;
    if (at && Date.parse(at) > Date.parse(last)) last = at;
  }
  return last;
}

/** The last sign of life of an attempt's process: its last journal event or its evidence's last write, whichever is later. */
export function lastSignOfLife(journalAt: string, writes: readonly Date[]): { at: string; what: string } {
  const latest = writes.reduce<Date | undefined>((a, b) => (!a || b > a ? b : a), undefined);
  if (latest && latest.getTime() > Date.parse(journalAt)) return { at: latest.toISOString(), what: 'its output was last written' };
  return { at: new Date(Date.parse(journalAt)).toISOString(), what: 'the journal was last written' };
}

export const interruptedError = (attempt: number, life: { at: string; what: string }, next: string) =>
  `the Drillbook process running attempt ${attempt} stopped before it finished (last sign of life: ${life.what} at ${life.at}); its output may be incomplete; ${next}`;

/** When the evidence files of `step`'s current attempt were last written (those that exist). */
export async function evidenceWrites(runDir: string, step: StepState): Promise<Date[]> {
  const attempt = step.attempt ?? 1;
  const targets = step.attempts.find((a) => a.attempt === attempt)?.targets ?? [];
  const found = await Promise.all(
    targets.map((host) => stat(path.join(runDir, evidenceFile(step.stepId, host, attempt))).catch(() => undefined)),
  );
  return found.flatMap((st) => (st?.isFile() ? [st.mtime] : []));
}

/**
 * What closes `step`'s current attempt as interrupted: a step.host.finished for every target
 * host that has no result yet and whose evidence file exists (hashed as found), then the
 * step.finished. Read while holding the run's lock: nobody writes those files any more.
 */
export async function interruptedEvents(
  runDir: string,
  state: RunState,
  step: StepState,
  actor: string,
  next: string,
): Promise<NewEvent[]> {
  const attempt = step.attempt ?? 1;
  const record = step.attempts.find((a) => a.attempt === attempt);
  const events: NewEvent[] = [];
  const writes: Date[] = [];
  for (const host of record?.targets ?? []) {
    if (record?.results[host]) continue; // this host's part ended and was recorded
    const found = await foundEvidence(runDir, evidenceFile(step.stepId, host, attempt));
    if (!found) continue;
    writes.push(found.writtenAt);
    const started = Date.parse(record?.startedAt ?? step.attemptStartedAt ?? step.startedAt ?? '');
    const durationMs = Number.isNaN(started) ? 0 : Math.max(0, found.writtenAt.getTime() - started);
    events.push({
      actor,
      type: 'step.host.finished',
      data: {
        stepId: step.stepId,
        attempt,
        host,
        exitCode: null,
        error: `interrupted: the Drillbook process running it stopped; its output, last written at ${found.writtenAt.toISOString()}, is recorded as it was found (${found.evidence.bytes} bytes)`,
        durationMs,
        evidence: found.evidence,
      },
    });
  }
  const life = lastSignOfLife(lastEventAt(state), writes);
  events.push({
    actor,
    type: 'step.finished',
    data: { stepId: step.stepId, attempt, outcome: 'interrupted', error: interruptedError(attempt, life, next) },
  });
  return events;
}
