// One step of the report: its state and times from the clock, the step's whole record from the
// journal (every attempt with each host's result and evidence, every sign-off, every tick,
// skip, override and reopen with its reason, every bypass and note) and the command as run.
// Nothing is taken from "the current state" alone: a later success never hides an earlier
// failure, a reopen never hides what it reopened. Pure.
import { renderCommand } from '../exec/command-render';
import type { OverrideKind, StepOutcome } from '../run/events';
import type { Bypass, HostResult, SignOff, StepNote, StepState, StepStatus } from '../run/state';
import { skippedAfterFailure } from '../run/outcome';
import type { Step } from '../runbook/model';
import type { Excerpt } from './evidence-excerpts';
import type { ModelInput } from './report-model';

export interface HostReport extends HostResult {
  host: string;
  excerpt?: Excerpt;
  problem?: string;
}

/** One executed attempt, as the journal has it (kept whatever happened to the step after it). */
export interface AttemptReport {
  attempt: number;
  by: string;
  startedAt: string;
  endedAt?: string;
  /** Absent while it runs (or when the process running it died and nobody marked it). */
  outcome?: StepOutcome;
  error?: string;
  targets: string[];
  hosts: HostReport[];
}

/** A tick, skip, override or reopen: the acts that change a step's status by hand. */
export interface Decision {
  seq: number;
  at: string;
  actor: string;
  type: 'completed' | 'skipped' | 'overridden' | 'reopened';
  reason?: string;
  kind?: OverrideKind;
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
  /** The step's gate role; its sign-offs are in `signOffs` (none: not signed off). */
  gate?: { role: string };
  signOffs: SignOff[];
  attempts: AttemptReport[];
  decisions: Decision[];
  /** Set while the status is overridden. */
  override?: { kind: OverrideKind; reason: string; by: string; at: string };
  bypasses: Bypass[];
  notes: StepNote[];
  /** The reason of the current skip. */
  skipReason?: string;
  /** Skipped while its latest attempt stood failed: an override of that failure (runOutcome counts it apart). */
  skippedAfterFailure?: true;
  /** How the last attempt ended when the step is failed. */
  outcome?: string;
  error?: string;
  /** The command with the run's parameter values in place, as it was run. */
  command?: { host: string; text: string; lang: string };
}

export const OVERRIDE_TEXT: Record<OverrideKind, string> = {
  'not-run': 'marked done without running',
  'accepted-failure': 'accepted despite failure',
};

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

const KINDS: OverrideKind[] = ['accepted-failure', 'not-run'];
const DECIDED: Record<string, Decision['type']> = {
  'step.completed': 'completed',
  'step.skipped': 'skipped',
  'step.overridden': 'overridden',
  'step.reopened': 'reopened',
};

/** The hand-made status changes, from the step's history (reduce writes their reasons there). */
function decisions(st: StepState | undefined): Decision[] {
  const out: Decision[] = [];
  for (const h of st?.history ?? []) {
    const type = DECIDED[h.type];
    if (!type) continue;
    const d: Decision = { seq: h.seq, type, actor: h.actor, at: h.at };
    if (type === 'overridden') {
      // reduce writes "<kind>: <reason>"
      const kind = KINDS.find((k) => h.detail?.startsWith(`${k}: `));
      if (kind) Object.assign(d, { kind, reason: h.detail!.slice(kind.length + 2) });
      else if (h.detail !== undefined) d.reason = h.detail;
    } else if (type !== 'completed' && h.detail !== undefined) d.reason = h.detail;
    out.push(d);
  }
  return out;
}

function attempts(st: StepState | undefined, input: ModelInput): AttemptReport[] {
  return (st?.attempts ?? []).map((a) => ({
    attempt: a.attempt,
    by: a.by,
    startedAt: a.startedAt,
    ...(a.endedAt ? { endedAt: a.endedAt } : {}),
    ...(a.outcome ? { outcome: a.outcome } : {}),
    ...(a.error ? { error: a.error } : {}),
    targets: a.targets,
    // Every host that reported, in the order targeted (then any other that reported).
    hosts: [...new Set([...a.targets, ...Object.keys(a.results)])].flatMap((host): HostReport[] => {
      const r = a.results[host];
      if (!r) return [];
      const ev = input.evidence.get(r.evidence.file);
      return [{ ...r, host, ...(ev?.excerpt ? { excerpt: ev.excerpt } : {}), ...(ev?.problem ? { problem: ev.problem } : {}) }];
    }),
  }));
}

export function stepReport(step: Step, input: ModelInput): StepReport {
  const st = input.state.steps[step.id];
  const c = input.clock.steps.find((s) => s.id === step.id);
  const a = step.action;
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
    ...(gateRole ? { gate: { role: gateRole } } : {}),
    signOffs: st?.signOffs ?? [],
    attempts: attempts(st, input),
    decisions: decisions(st),
    ...(st?.status === 'overridden' && st.override ? { override: st.override } : {}),
    bypasses: st?.bypasses ?? [],
    notes: st?.notes ?? [],
    ...(st?.status === 'skipped' && st.reason ? { skipReason: st.reason } : {}),
    ...(skippedAfterFailure(st) ? { skippedAfterFailure: true as const } : {}),
    ...(st?.status === 'failed' ? { outcome: st.outcome ?? 'failed', ...(st.error ? { error: st.error } : {}) } : {}),
    ...(a?.type === 'command' ? { command: { host: a.host, lang: a.lang, text: asRun(a.script, input.state.params, step.id) } } : {}),
    ...(a?.type === 's3-check' ? { command: { host: 's3', lang: 'yaml', text: substitute(a.body, input.state.params) } } : {}),
  };
}
