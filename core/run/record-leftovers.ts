// An attempt the journal shows running that no process is running any more (the Drillbook that
// ran it died) is closed as interrupted, its partial output hashed as found (interrupted.ts):
// by whoever takes the run's lock to write. The engine does it when it opens a run; a signed
// report does it first too (recordLeftovers), so the record it signs holds that attempt and its
// output instead of leaving them out.
import path from 'node:path';
import { interruptedEvents } from './interrupted';
import { RunCache } from './run-cache';
import { runSession, type RunSession } from './session';

/** What the error of an interrupted attempt tells the commander to do. */
export const AGAIN = 'run it again as a new attempt';

/** Close every running attempt `running` does not own (the caller's session holds the lock). Returns the step ids. */
export function closeLeftoverAttempts(s: RunSession, running: (stepId: string) => boolean, actor = 'drillbook'): Promise<string[]> {
  return s.locked(async (tx) => {
    // The state as found: each step's last sign of life is read before this recovery appends anything.
    const found = tx.state;
    const left = Object.values(found.steps).filter((st) => st.status === 'running' && !running(st.stepId));
    for (const st of left) for (const e of await interruptedEvents(s.dir, found, st, actor, AGAIN)) await tx.append(e);
    return left.map((st) => st.stepId);
  });
}

/**
 * The run folder `dir` with its leftover attempts recorded, when this process can take the run's
 * lock; a run a live process writes (this one included), an ended or a read-only run is left as
 * it is. Returns the step ids recorded interrupted.
 */
export async function recordLeftovers(dir: string, now: () => Date = () => new Date()): Promise<string[]> {
  const runs = new RunCache(path.dirname(path.resolve(dir)));
  try {
    const run = await runs.openFolder(dir);
    if (!run.runLock || run.heldBy || run.readOnly || run.state.status !== 'active') return [];
    if (!Object.values(run.state.steps).some((st) => st.status === 'running')) return [];
    return await closeLeftoverAttempts(runSession(run, { now, emit: () => undefined }), () => false);
  } finally {
    await runs.closeAll();
  }
}
