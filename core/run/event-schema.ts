// Shape checks for journal lines read back from disk. Anyone can compute a valid hash chain, so
// the chain proves order and integrity, not well-formedness: reduce() must never see a line
// whose data could crash it. Unknown extra keys pass (forward compatible).
import { z } from 'zod';
import type { EventData, EventType } from './events';

const stepId = z.string().min(1);
const attempt = z.number().int().positive();
const count = z.number().int().nonnegative();
const participant = z.object({ name: z.string().min(1), role: z.string().min(1) });

export const eventDataSchemas = {
  'run.started': z.object({
    runId: z.string().min(1),
    runbook: z.object({ id: z.string(), version: z.string(), title: z.string(), sha256: z.string() }),
    mode: z.enum(['drill', 'incident']),
    t0: z.string(),
    params: z.record(z.string(), z.string()),
    bindings: z.record(z.string(), z.array(z.string())),
    participants: z.array(participant).optional(),
  }),
  'participant.added': participant,
  'gate.signed': z.object({
    stepId,
    role: z.string().min(1),
    comment: z.string().optional(),
    confirmation: z.object({ method: z.literal('key'), certSha256: z.string(), publicKey: z.string(), signature: z.string() }).optional(),
  }),
  'step.started': z.object({ stepId, attempt, hosts: z.array(z.string()) }),
  'step.host.finished': z.object({
    stepId,
    attempt,
    host: z.string().min(1),
    exitCode: z.number().int().nullable(),
    signal: z.string().optional(),
    error: z.string().optional(),
    durationMs: z.number().nonnegative(),
    evidence: z.object({ file: z.string(), sha256: z.string(), bytes: z.number().int().nonnegative() }),
  }),
  'step.finished': z.object({
    stepId,
    attempt,
    outcome: z.enum(['succeeded', 'failed', 'timed-out', 'cancelled', 'interrupted']),
    error: z.string().optional(),
  }),
  'step.completed': z.object({ stepId, note: z.string().optional() }),
  'step.skipped': z.object({ stepId, reason: z.string(), bypassed: z.array(z.string()).optional() }),
  'step.overridden': z.object({
    stepId,
    kind: z.enum(['not-run', 'accepted-failure']),
    reason: z.string().min(1),
    bypassed: z.array(z.string()).optional(),
  }),
  'step.reopened': z.object({ stepId, reason: z.string().optional() }),
  'note.added': z.object({ stepId, text: z.string() }),
  'run.ended': z.object({
    outcome: z.enum(['completed', 'aborted']),
    reason: z.string().optional(),
    result: z.enum(['recovered', 'recovered-with-deviations', 'not-recovered', 'aborted']).optional(),
    counts: z
      .object({
        total: count,
        done: count,
        skipped: count,
        skippedAfterFailure: count.optional(),
        overridden: count,
        failed: count,
        notDone: count,
      })
      .optional(),
  }),
} satisfies { [T in EventType]: z.ZodType<EventData[T]> };

export const LINE_KEYS = ['seq', 'at', 'actor', 'type', 'data', 'prev'] as const;

const lineSchema = z.object({
  seq: z.number().int().positive(),
  at: z.iso.datetime({ offset: true }),
  actor: z.string(),
  type: z.string(),
  data: z.record(z.string(), z.unknown()),
  prev: z.string().regex(/^[0-9a-f]{64}$/, 'prev must be 64 lowercase hex digits'),
});

/** Why a parsed line is not a well-formed event, or undefined when it is. */
export function lineProblem(value: unknown): string | undefined {
  const line = lineSchema.safeParse(value);
  if (!line.success) return line.error.issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; ');
  const keys = Object.keys(value as object).join(',');
  if (keys !== LINE_KEYS.join(',')) return `keys must be ${LINE_KEYS.join(',')} in this order, got ${keys}`;
  if (!Object.hasOwn(eventDataSchemas, line.data.type)) return `unknown event type "${line.data.type}"`;
  const data = eventDataSchemas[line.data.type as EventType].safeParse(line.data.data);
  if (!data.success) return `${line.data.type}: ` + data.error.issues.map((i) => `data.${i.path.join('.')}: ${i.message}`).join('; ');
  return undefined;
}
