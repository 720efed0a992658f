// An in-memory stand-in for the engine, just enough for component tests of the run screen. Run
// changes go through the engine's own rules (core/run/commands.ts) and fold (core/run/reduce.ts),
// so a refusal here is the engine's refusal, word for word.
import type { ApiClient } from '../../../renderer/api/client';
import type { Connection } from '../../../renderer/api';
import type { ArchiveOverview, ConnectionReport, KeysStatus, LibrarySyncStatus, PullResult, RunView, S3Settings } from '../../../core/api';
import { computeClock } from '../../../core/run/clock';
import { checkRunCommand, checkStepCommand, type StepCommand } from '../../../core/run/commands';
import type { AnyEvent, EventData, EventType } from '../../../core/run/events';
import type { NewEvent } from '../../../core/run/journal';
import { applyEvent } from '../../../core/run/reduce';
import type { Runbook, Step } from '../../../core/runbook/model';

const step = (id: string, phaseId: string, kind: Step['kind'] = 'manual'): Step => ({
  id,
  title: `Step ${id}`,
  phaseId,
  kind,
  description: '',
  attrs: { after: [], retries: 0, expectExit: 0, continueOnFailure: false },
  line: 1,
});

export const runbook: Runbook = {
  id: 'demo',
  title: 'Demo restore',
  version: '1.0.0',
  tags: [],
  rtoMs: 4 * 3_600_000,
  params: {},
  hosts: {},
  phases: [
    { id: 'a', title: 'Assess', budgetMs: 1_800_000, description: '', line: 1, steps: [step('s1', 'a'), step('s2', 'a')] },
    {
      id: 'b',
      title: 'Recover',
      budgetMs: 7_200_000,
      description: '',
      line: 5,
      steps: [
        {
          ...step('s3', 'b', 'command'),
          action: { type: 'command', lang: 'bash', host: 'local', script: 'pg_restore' },
          attrs: { ...step('s3', 'b').attrs, gate: 'commander' },
        },
      ],
    },
  ],
};

/** The engine's "now" in these tests: 10 minutes after T0. */
export const FAKE_NOW = new Date('2026-01-01T10:10:00.000Z');

export function fakeConnection(actor = 'jane') {
  const view: RunView = {
    runbook,
    state: {
      runId: 'r1',
      runbook: { id: 'demo', version: '1.0.0', title: 'Demo restore', sha256: 'f'.repeat(64) },
      mode: 'drill',
      t0: '2026-01-01T10:00:00.000Z',
      startedAt: '2026-01-01T10:01:00.000Z',
      startedBy: 'jane',
      params: {},
      bindings: {},
      participants: [{ name: 'jane', role: 'commander' }],
      steps: {},
      status: 'active',
      lastSeq: 1,
      head: '0'.repeat(64),
    },
  };
  const calls: [string, unknown][] = [];
  const at = '2026-01-01T10:05:00.000Z';
  /** Appends an event as the engine would (after its checks) and returns the new view. */
  const append = (e: NewEvent): RunView => {
    const event = { seq: view.state.lastSeq + 1, at, prev: '0'.repeat(64), ...e } as AnyEvent;
    view.state = applyEvent(view.state, event, '0'.repeat(64));
    return structuredClone(view);
  };
  const step = (cmd: StepCommand) => append(checkStepCommand(view.state, runbook, cmd));
  /** Scripts what the engine's executor would journal: tests use it to make a step fail or succeed. */
  const script = {
    append: <T extends EventType>(type: T, data: EventData[T], actor = 'jane') => append({ actor, type, data } as NewEvent),
    /** A finished attempt on `local`: step.started, step.host.finished, step.finished. */
    attempt(stepId: string, exitCode: number, actor = 'jane') {
      const attempt = (view.state.steps[stepId]?.attempt ?? 0) + 1;
      append({ actor, type: 'step.started', data: { stepId, attempt, hosts: ['local'] } });
      const evidence = { file: `outputs/${stepId}/${attempt}/local.log`, sha256: 'e'.repeat(64), bytes: 42 };
      append({ actor, type: 'step.host.finished', data: { stepId, attempt, host: 'local', exitCode, durationMs: 1500, evidence } });
      return append({
        actor,
        type: 'step.finished',
        data: {
          stepId,
          attempt,
          outcome: exitCode === 0 ? 'succeeded' : 'failed',
          ...(exitCode ? { error: `exit ${exitCode} on local` } : {}),
        },
      });
    },
    keys: { exists: false, passphraseKept: false, canKeepPassphrase: false } as KeysStatus,
  };
  let settings: { actor: string; theme: 'system'; s3?: S3Settings } = { actor, theme: 'system' };
  // S3 as the engine would answer; tests change these to script a scenario.
  const s3 = {
    stored: false,
    sync: { count: 0, stale: true, configured: false } as LibrarySyncStatus,
    report: { ok: true, endpoint: 'http://127.0.0.1:9000', checks: [] } as ConnectionReport,
    pull: undefined as PullResult | Promise<PullResult> | Error | undefined,
    archive: { queued: [], archived: [] } as ArchiveOverview,
  };
  const api = {
    getSettings: async () => settings,
    updateSettings: async ({ s3: block, ...p }: { actor?: string; s3?: S3Settings | null }) => {
      calls.push(['updateSettings', { ...p, ...(block !== undefined ? { s3: block } : {}) }]);
      settings = { ...settings, ...p };
      if (block === null) delete settings.s3;
      else if (block) settings.s3 = block;
      return settings;
    },
    getS3Credentials: async () => ({ stored: s3.stored, persistent: false }),
    setS3Credentials: async (i: unknown) => (calls.push(['setS3Credentials', i]), (s3.stored = true), { stored: true, persistent: false }),
    clearS3Credentials: async () => ((s3.stored = false), { stored: false, persistent: false }),
    s3TestConnection: async () => (calls.push(['s3TestConnection', {}]), s3.report),
    librarySyncStatus: async () => s3.sync,
    libraryPull: async () => {
      calls.push(['libraryPull', {}]);
      if (s3.pull instanceof Error) throw s3.pull;
      return s3.pull;
    },
    archiveQueue: async () => s3.archive,
    listRunbooks: async () => ({ groups: [], invalid: [] }),
    listRuns: async () => [],
    getRun: async () => structuredClone(view),
    completeStep: async (i: { stepId: string; actor: string; note?: string }) => (
      calls.push(['completeStep', i]),
      step({ kind: 'complete', ...i })
    ),
    reopenStep: async (i: { stepId: string; actor: string; reason: string }) => (
      calls.push(['reopenStep', i]),
      step({ kind: 'reopen', ...i })
    ),
    skipStep: async (i: { stepId: string; actor: string; reason: string }) => (calls.push(['skipStep', i]), step({ kind: 'skip', ...i })),
    overrideStep: async (i: { stepId: string; actor: string; reason: string }) => (
      calls.push(['overrideStep', i]),
      step({ kind: 'override', ...i })
    ),
    addNote: async (i: { stepId: string; actor: string; text: string }) => (calls.push(['addNote', i]), step({ kind: 'note', ...i })),
    getClock: async () => computeClock(runbook, view.state, FAKE_NOW),
    signGate: async ({ passphrase, ...i }: { stepId: string; actor: string; comment?: string; passphrase?: string }) => {
      calls.push(['signGate', passphrase ? { ...i, passphrase } : i]);
      const e = checkStepCommand(view.state, runbook, { kind: 'sign', ...i });
      if (e.type !== 'gate.signed' || !passphrase) return append(e);
      if (passphrase !== 'right passphrase') throw new Error('wrong passphrase for the signing key');
      const confirmation = { method: 'key' as const, certSha256: 'c'.repeat(64), publicKey: 'PEM', signature: 'sig' };
      return append({ ...e, data: { ...e.data, confirmation } });
    },
    runStep: async (i: { stepId: string; actor: string }) => {
      calls.push(['runStep', i]);
      const attempt = (view.state.steps[i.stepId]?.attempt ?? 0) + 1;
      return append({ actor: i.actor, type: 'step.started', data: { stepId: i.stepId, attempt, hosts: ['local'] } });
    },
    keysStatus: async () => script.keys,
    endRun: async (i: { actor: string; outcome: 'completed' | 'aborted'; reason?: string }) => {
      calls.push(['endRun', i]);
      return append(checkRunCommand(view.state, runbook, { kind: 'end', ...i }, FAKE_NOW));
    },
    onEvent: () => () => {},
  } as unknown as ApiClient;
  const conn: Connection = { api, status: () => 'open', onStatus: () => () => {} };
  return { conn, calls, s3, script, view: () => view };
}
