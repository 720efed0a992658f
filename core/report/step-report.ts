// One step of the report: its state and times from the clock, who did what, the gate, notes,
// the skip reason or failure, and for executed steps the command as run with each host's exit
// status, output excerpt and evidence hash. Pure.
import { renderCommand } from '../exec/command-render';
import type { HostResult, StepNote, StepStatus } from '../run/state';
import type { Step } from '../runbook/model';
import type { Excerpt } from './evidence';
import type { ModelInput } from './report-model';

export interface HostReport extends HostResult {
  excerpt?: Excerpt;
  problem?: string;
}

export interface StepReport {
  id: string;
  title: string;
  phaseId: string;
  kind: Step['kind'];
  state: StepStatus;
  start?: string;
  end?: string;
  durationMs?: number;
  estimateMs?: number;
  late: boolean;
  /** Who set the current state, and when. */
  by?: string;
  at?: string;
  role?: string;
  gate?: { role: string; by?: string; at?: string; comment?: string };
  notes: StepNote[];
  skipReason?: string;
  attempt?: number;
  outcome?: string;
  error?: string;
  /** The command with the run's parameter values in place, as it was run. */
  command?: { host: string; text: string; lang: string };
  hosts: HostReport[];
  /** Undo entries: a tick or skip taken back, with the reason given. */
  reopened: { at: string; actor: string; reason?: string }[];
}

const substitute = (script: string, params: Record<string, string>) =>
  script.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (m, name: string) => params[name] ?? m);

/** The script exactly as the step runner hands it to the shell (parameters shell-quoted). */
function asRun(script: string, params: Record<string, string>, stepId: string): string {
  try {
    return renderCommand(script, params, stepId);
  } catch {
    return substitute(script, params); // not runnable as written; show the values in place
  }
}

export function stepReport(step: Step, input: ModelInput): StepReport {
  const st = input.state.steps[step.id];
  const c = input.clock.steps.find((s) => s.id === step.id);
  const a = step.action;
  const hosts = Object.values(st?.hosts ?? {}).map((h): HostReport => {
    const ev = input.evidence.get(h.evidence.file);
    return { ...h, ...(ev?.excerpt ? { excerpt: ev.excerpt } : {}), ...(ev?.problem ? { problem: ev.problem } : {}) };
  });
  const reopened = (st?.history ?? []).filter((h) => h.type === 'step.reopened').map((h) => ({ at: h.at, actor: h.actor, ...(h.detail ? { reason: h.detail } : {}) }));
  const gateRole = step.attrs.gate;
  return {
    id: step.id,
    title: step.title,
    phaseId: step.phaseId,
    kind: step.kind,
    state: st?.status ?? 'pending',
    ...(c?.start && st ? { start: c.start } : {}),
    ...(c?.end ? { end: c.end } : {}),
    ...(c?.durationMs !== undefined && st ? { durationMs: c.durationMs } : {}),
    ...(step.attrs.estimateMs !== undefined ? { estimateMs: step.attrs.estimateMs } : {}),
    late: c?.late ?? false,
    ...(st?.by ? { by: st.by, at: st.at } : {}),
    ...(step.attrs.role ? { role: step.attrs.role } : {}),
    ...(gateRole ? { gate: { role: gateRole, ...(st?.gate ? { by: st.gate.by, at: st.gate.at, ...(st.gate.comment ? { comment: st.gate.comment } : {}) } : {}) } } : {}),
    notes: st?.notes ?? [],
    ...(st?.status === 'skipped' && st.reason ? { skipReason: st.reason } : {}),
    ...(st?.attempt ? { attempt: st.attempt } : {}),
    ...(st?.outcome ? { outcome: st.outcome } : {}),
    ...(st?.error ? { error: st.error } : {}),
    ...(a?.type === 'command' ? { command: { host: a.host, lang: a.lang, text: asRun(a.script, input.state.params, step.id) } } : {}),
    ...(a?.type === 's3-check' ? { command: { host: 's3', lang: 'yaml', text: substitute(a.body, input.state.params) } } : {}),
    hosts,
    reopened,
  };
}
