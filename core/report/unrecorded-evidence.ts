// `verify --run`: an output file in the run folder that no journal line names is covered by
// nothing signed, so a change to it would pass every other check. Only the files of an attempt
// the journal shows still running are expected without a name (their step.host.finished comes
// when the attempt ends, or when Drillbook records it interrupted on opening the run).
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { evidenceFile, OUTPUTS_DIR } from '../run/evidence-writer';
import type { AnyEvent } from '../run/events';
import { readJournal } from '../run/journal';
import { runHolding } from '../run/run-lock';
import type { Check } from './verify';

/**
 * Files of outputs/ the journal names, those of attempts it shows still running, and those of
 * attempts closed interrupted without a record of their hosts (Drillbook before it recorded an
 * interrupted attempt's partial output: such a file was never covered, and is said so).
 */
function journalFiles(events: readonly AnyEvent[]): { named: Set<string>; running: Set<string>; unrecordedBefore: Set<string> } {
  const named = new Set<string>();
  const open = new Map<string, { stepId: string; attempt: number; hosts: string[] }>();
  const unrecordedBefore = new Set<string>();
  for (const e of events) {
    if (e.type === 'step.host.finished') named.add(e.data.evidence.file);
    else if (e.type === 'step.started') open.set(`${e.data.stepId}\0${e.data.attempt}`, e.data);
    else if (e.type === 'step.finished') {
      const a = open.get(`${e.data.stepId}\0${e.data.attempt}`);
      open.delete(`${e.data.stepId}\0${e.data.attempt}`);
      if (a && e.data.outcome === 'interrupted') for (const host of a.hosts) unrecordedBefore.add(evidenceFile(a.stepId, host, a.attempt));
    }
  }
  const running = new Set<string>();
  for (const a of open.values()) for (const host of a.hosts) running.add(evidenceFile(a.stepId, host, a.attempt));
  return { named, running, unrecordedBefore };
}

const them = (n: number) => (n === 1 ? ['names it', 'its'] : ['names them', 'their']);

export async function unrecordedEvidenceCheck(runDir: string, journal = readJournal(runDir)): Promise<Check> {
  const name = 'evidence-unrecorded';
  let events: AnyEvent[];
  try {
    events = (await journal).events;
  } catch (err) {
    return { name, ok: false, detail: `cannot read the journal: ${(err as Error).message}` };
  }
  const files = (await readdir(path.join(runDir, OUTPUTS_DIR)).catch(() => [] as string[])).map((n) => `${OUTPUTS_DIR}/${n}`).sort();
  const { named, running, unrecordedBefore } = journalFiles(events);
  const old = files.filter((f) => !named.has(f) && unrecordedBefore.has(f));
  const stray = files.filter((f) => !named.has(f) && !running.has(f) && !unrecordedBefore.has(f));
  let left = files.filter((f) => running.has(f) && !named.has(f));
  // Output of an attempt still running is expected unnamed, but only while a live process runs it.
  if (left.length) {
    const holding = await runHolding(runDir);
    if (holding.held && holding.alive) left = [];
  }
  const problems = [
    ...(stray.length
      ? [
          `${stray.join(', ')}: in the run folder, but no journal line ${them(stray.length)[0]}, so nothing signed covers ${them(stray.length)[1]} content`,
        ]
      : []),
    ...(left.length
      ? [
          `${left.join(', ')}: output of an attempt no Drillbook process is running and nobody has recorded yet, so nothing signed covers ${them(left.length)[1]} content; opening the run in Drillbook records it`,
        ]
      : []),
  ];
  // Not a failure (the journal is as that Drillbook wrote it), but never said to be covered either.
  const note = old.length
    ? `; ${old.join(', ')}: partial output of an attempt closed interrupted by an older Drillbook that did not record it, so nothing signed covers ${them(old.length)[1]} content`
    : '';
  if (problems.length) return { name, ok: false, detail: problems.join('; ') + note };
  const all = `every ${old.length ? 'other ' : ''}file in ${OUTPUTS_DIR}/ is named by the journal`;
  return { name, ok: true, detail: `${all}${running.size ? ' or belongs to an attempt still running' : ''}${note}` };
}
