// The backup age an s3-check step found, for "RPO target against what was recoverable". The
// check's evidence file states the newest backup; we read the age it reported (a JSON
// `ageMs`, or a line `age: 3h12m`) from the part of the file the report shows.
import { parseDuration } from '../runbook/duration';
import type { Runbook } from '../runbook/model';
import type { EvidenceRead } from './evidence-excerpts';
import type { StepReport } from './report-model';

const AGE_MS = /"ageMs"\s*:\s*(\d+)/;
const AGE_TEXT = /\bage\b\s*[:=]\s*([0-9dhms]+)/i;

export function ageFromLines(lines: string[]): number | undefined {
  for (const line of lines) {
    const ms = AGE_MS.exec(line)?.[1];
    if (ms !== undefined) return Number(ms);
    const text = AGE_TEXT.exec(line)?.[1];
    const parsed = text === undefined ? undefined : parseDuration(text);
    if (parsed !== undefined) return parsed;
  }
  return undefined;
}

/** The age found by the last s3-check attempt that ran and reported one. */
export function backupAge(
  runbook: Runbook,
  steps: StepReport[],
  evidence: Map<string, EvidenceRead>,
): { ageMs: number; stepId: string } | undefined {
  const checks = new Set(runbook.phases.flatMap((p) => p.steps.filter((s) => s.kind === 's3-check').map((s) => s.id)));
  let found: { ageMs: number; stepId: string } | undefined;
  for (const step of steps) {
    if (!checks.has(step.id)) continue;
    for (const host of step.attempts.flatMap((a) => a.hosts)) {
      const ex = evidence.get(host.evidence.file)?.excerpt;
      const ageMs = ex ? ageFromLines([...ex.head, ...ex.tail]) : undefined;
      if (ageMs !== undefined) found = { ageMs, stepId: step.id };
    }
  }
  return found;
}
