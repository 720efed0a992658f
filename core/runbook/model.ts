// The parsed runbook: what the parser produces and every other layer consumes.
// Durations are milliseconds; lines and columns are 1-based, as editors show them.
import type { ParamType } from './param-types';

export interface SourceError {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface ParamSpec {
  description?: string;
  required: boolean;
  default?: string;
  /** What a value must be (`type: integer`); absent is any text. */
  type?: ParamType;
  /** A regular expression the whole value must match. */
  pattern?: string;
}

export interface HostRoleSpec {
  description?: string;
  many: boolean;
}

export interface CommandAction {
  type: 'command';
  lang: 'bash' | 'sh';
  /** Inventory role, or 'local' for the commander's machine. */
  host: string;
  script: string;
  timeoutMs?: number;
}

export interface S3CheckAction {
  type: 's3-check';
  /** The YAML body as written ({{params}} not yet substituted). */
  body: string;
}

export type StepAction = CommandAction | S3CheckAction;

export interface StepAttrs {
  estimateMs?: number;
  timeoutMs?: number;
  role?: string;
  gate?: string;
  after: string[];
  retries: number;
  expectExit: number;
  continueOnFailure: boolean;
}

export interface Step {
  id: string;
  title: string;
  phaseId: string;
  kind: 'manual' | 'command' | 's3-check';
  /** Markdown description of the step (without its action block): a `##` body, or text nested under a task item. */
  description: string;
  action?: StepAction;
  attrs: StepAttrs;
  line: number;
}

export interface Phase {
  id: string;
  title: string;
  budgetMs?: number;
  /** Description markdown written under the `#` heading before the first step. */
  description: string;
  line: number;
  steps: Step[];
}

export interface Runbook {
  id: string;
  title: string;
  version: string;
  owner?: string;
  description?: string;
  tags: string[];
  rtoMs?: number;
  rpoMs?: number;
  params: Record<string, ParamSpec>;
  hosts: Record<string, HostRoleSpec>;
  /** How often it must be exercised (`drill: { every: 30d }`): the next drill is due this long after the last. */
  drill?: { everyMs: number };
  /** Controls a run of it evidences (`controls: [ISO27001-A.8.13]`), as written. */
  controls?: string[];
  phases: Phase[];
}

export type ParseResult = { ok: true; runbook: Runbook; warnings: SourceError[] } | { ok: false; errors: SourceError[] };
