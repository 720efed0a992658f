// getStepOutput: the current attempt's output per host — from the live writers while this
// process runs the step, else from the evidence files the journal (or the naming rule, for an
// attempt that never finished) points to.
import { ApiError } from '../errors';
import { evidenceFile, readEvidenceTail, type EvidenceWriter } from './evidence-writer';
import { findStep } from './readiness';
import type { RunSession } from './session';
import { stepTargets } from './step-plan';
import type { HostOutput, StepOutput } from './step-output';

export interface LiveHost {
  host: string;
  attempt: number;
  writer: EvidenceWriter;
  running: boolean;
}

export async function hostOutputs(
  s: RunSession,
  stepId: string,
  live: Map<string, LiveHost> | undefined,
  only?: string,
): Promise<StepOutput> {
  const ref = findStep(s.runbook, stepId);
  if (!ref) throw new ApiError('bad_request', `step "${stepId}" is not in runbook ${s.runbook.id}@${s.runbook.version}`);
  const state = s.state();
  const st = state.steps[stepId];
  const attempt = st?.attempt;
  if (!attempt) return { stepId, hosts: [] };
  const out: HostOutput[] = [];
  const here = [...(live?.values() ?? [])].filter((h) => h.attempt === attempt);
  for (const h of here) {
    const { writer } = h;
    out.push({
      host: h.host,
      attempt,
      running: h.running,
      bytes: writer.size,
      truncated: writer.tail.truncated,
      segments: writer.tail.segments(),
      file: writer.file,
    });
  }
  const seen = new Set(out.map((h) => h.host));
  const files = Object.values(st.hosts ?? {}).map((r) => ({ host: r.host, file: r.evidence.file }));
  if (st.status === 'running') {
    let targets: string[] = [];
    try {
      targets = stepTargets(state, ref.step);
    } catch {
      // Bindings no longer resolve: show what the journal has.
    }
    for (const host of targets) if (!files.some((f) => f.host === host)) files.push({ host, file: evidenceFile(stepId, host, attempt) });
  }
  for (const { host, file } of files) {
    if (seen.has(host)) continue;
    const tail = await readEvidenceTail(s.dir, file);
    if (tail) out.push({ host, attempt, running: false, ...tail, file });
  }
  if (only !== undefined) {
    const one = out.filter((h) => h.host === only);
    if (one.length === 0) throw new ApiError('not_found', `step "${stepId}" has no output from host "${only}" in attempt ${attempt}`);
    return { stepId, attempt, hosts: one };
  }
  return { stepId, attempt, hosts: out };
}
