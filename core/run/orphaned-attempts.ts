// How a view that never takes a run's lock (`drillbook status`, the exports, the signed report)
// shows an attempt the journal leaves "running": running only while a live Drillbook process
// holds the run's lock (run-lock.ts tells a live holder from one that has ended, by flock and
// the holder's pid and start time, never by how long ago something happened). Otherwise nobody
// is running it: it is shown interrupted, in memory only. The journal is not written here; the
// next Drillbook that opens the run for writing records it (core/run/interrupted.ts).
import { evidenceWrites, lastEventAt, lastSignOfLife } from './interrupted';
import { applyEvent } from './reduce';
import { describeHolder, runHolding } from './run-lock';
import type { RunState } from './state';

export interface OrphanView {
  state: RunState;
  /** Which attempts are shown interrupted and why, for the view to say (none: nothing changed). */
  note?: string;
}

/** `state` as read from `dir`, with attempts that no live process runs shown interrupted. */
export async function showOrphanedAttempts(dir: string, state: RunState): Promise<OrphanView> {
  const running = Object.values(state.steps).filter((st) => st.status === 'running');
  if (!running.length) return { state };
  const holding = await runHolding(dir);
  if (holding.held && holding.alive) return { state };
  const gone =
    holding.held && holding.holder
      ? `no Drillbook process is running it: ${describeHolder(holding.holder)} has ended (its leftover commands are being stopped)`
      : 'no Drillbook process is running it';
  let shown = state;
  const journalAt = lastEventAt(state);
  for (const st of running) {
    const attempt = st.attempt ?? 1;
    const life = lastSignOfLife(journalAt, await evidenceWrites(dir, st));
    const error = `${gone}; attempt ${attempt} stopped before it finished (last sign of life: ${life.what} at ${life.at}); its output may be incomplete; not yet in the journal: opening the run in Drillbook records it interrupted`;
    // Folded like the step.finished that will be recorded, but no journal line exists: the
    // step's history and the run's sequence number and head stay what the journal says.
    const event = { seq: state.lastSeq, at: life.at, actor: 'drillbook', type: 'step.finished' as const, prev: state.head };
    const next = applyEvent(shown, { ...event, data: { stepId: st.stepId, attempt, outcome: 'interrupted', error } }, state.head);
    shown = {
      ...next,
      lastSeq: state.lastSeq,
      head: state.head,
      steps: { ...next.steps, [st.stepId]: { ...next.steps[st.stepId]!, history: st.history } },
    };
  }
  const ids = running.map((st) => `"${st.stepId}"`).join(', ');
  return { state: shown, note: `${ids} shown interrupted: ${gone} (the journal says running)` };
}
