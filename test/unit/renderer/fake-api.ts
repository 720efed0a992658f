// An in-memory stand-in for the engine, just enough for component tests of the run screen.
import type { ApiClient } from '../../../renderer/api/client';
import type { Connection } from '../../../renderer/api';
import type { ArchiveOverview, ConnectionReport, LibrarySyncStatus, PullResult, RunView, S3Settings } from '../../../core/api';
import { computeClock } from '../../../core/run/clock';
import type { StepStatus } from '../../../core/run/state';
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
    { id: 'b', title: 'Recover', budgetMs: 7_200_000, description: '', line: 5, steps: [{ ...step('s3', 'b', 'command'), attrs: { ...step('s3', 'b').attrs, gate: 'commander' } }] },
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
  const touch = (stepId: string, who: string, status: StepStatus, type: string, reason?: string) => {
    const s = view.state;
    const prev = s.steps[stepId] ?? { stepId, status: 'pending' as const, notes: [], history: [] };
    s.lastSeq += 1;
    s.steps = { ...s.steps, [stepId]: { ...prev, status, by: who, at, reason, history: [...prev.history, { seq: s.lastSeq, at, actor: who, type }] } };
    return structuredClone(view);
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
    completeStep: async (i: { stepId: string; actor: string }) => (calls.push(['completeStep', i]), touch(i.stepId, i.actor, 'done', 'step.completed')),
    reopenStep: async (i: { stepId: string; actor: string }) => (calls.push(['reopenStep', i]), touch(i.stepId, i.actor, 'pending', 'step.reopened')),
    skipStep: async (i: { stepId: string; actor: string; reason: string }) => (calls.push(['skipStep', i]), touch(i.stepId, i.actor, 'skipped', 'step.skipped', i.reason)),
    addNote: async (i: { stepId: string; actor: string; text: string }) => {
      calls.push(['addNote', i]);
      const v = touch(i.stepId, i.actor, view.state.steps[i.stepId]?.status ?? 'pending', 'note.added');
      return v;
    },
    getClock: async () => computeClock(runbook, view.state, FAKE_NOW),
    signGate: async (i: { stepId: string; actor: string; comment?: string }) => {
      calls.push(['signGate', i]);
      const prev = view.state.steps[i.stepId] ?? { stepId: i.stepId, status: 'pending' as const, notes: [], history: [] };
      view.state.lastSeq += 1;
      view.state.steps = { ...view.state.steps, [i.stepId]: { ...prev, gate: { by: i.actor, at, role: 'commander' } } };
      return structuredClone(view);
    },
    endRun: async (i: { outcome: 'completed' | 'aborted' }) => {
      calls.push(['endRun', i]);
      view.state.lastSeq += 1;
      view.state.status = i.outcome;
      view.state.endedAt = at;
      return structuredClone(view);
    },
    onEvent: () => () => {},
  } as unknown as ApiClient;
  const conn: Connection = { api, status: () => 'open', onStatus: () => () => {} };
  return { conn, calls, s3 };
}
