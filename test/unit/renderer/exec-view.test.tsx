// @vitest-environment jsdom
// Remote steps in the UI with a fake engine: host pickers on the start form (one host, or many
// with @groups; inventory errors shown), Run and Cancel wired to the engine, live output per host
// with stderr told apart, and the SSH questions (host key, passphrase) answered from a modal.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent, InventoryView, Prompt, RunView } from '../../../core/api';
import type { Runbook, Step } from '../../../core/runbook/model';
import { StartRunForm } from '../../../renderer/features/runbook/StartRunForm';
import { createAppStore, StoreContext } from '../../../renderer/store';
import { mountApp } from './mount-app';
import { fakeConnection, runbook as baseRunbook } from './fake-api';

const cmd = (id: string, host: string): Step => ({
  id,
  title: `Step ${id}`,
  phaseId: 'x',
  kind: 'command',
  description: '',
  action: { type: 'command', lang: 'bash', host, script: 'echo hi' },
  attrs: { after: [], retries: 0, expectExit: 0, continueOnFailure: false },
  line: 1,
});

const runbook: Runbook = {
  ...baseRunbook,
  hosts: { db: { description: 'Primary database', many: false }, app: { many: true } },
  phases: [{ id: 'x', title: 'Execute', budgetMs: 600_000, description: '', line: 1, steps: [cmd('dbstep', 'db'), cmd('appstep', 'app')] }],
};

const inventory: InventoryView = {
  file: '/data/inventory.yaml',
  hosts: [
    { name: 'db1', address: '10.0.0.5', port: 22, user: 'postgres', groups: ['db'], origin: 'x' },
    { name: 'web1', address: '10.0.0.11', port: 2222, user: 'deploy', groups: ['web'], origin: 'x' },
    { name: 'web2', address: '10.0.0.12', port: 22, user: 'deploy', groups: ['web'], origin: 'x' },
  ],
  errors: [],
  warnings: [],
};

function setup(inv: InventoryView = inventory) {
  const { conn, calls } = fakeConnection('jane');
  const listeners = new Set<(e: EngineEvent) => void>();
  const getRun = conn.api.getRun;
  const view = async (): Promise<RunView> => {
    const v = await getRun({ runId: 'r1' });
    return {
      ...v,
      runbook,
      state: { ...v.state, bindings: { db: ['db1'], app: ['web1', 'web2'] }, steps: { ...v.state.steps, ...steps } },
    };
  };
  let steps: RunView['state']['steps'] = {};
  Object.assign(conn.api, {
    getRun: view,
    getInventory: async () => inv,
    listPrompts: async () => [],
    startRun: async (i: unknown) => (calls.push(['startRun', i]), view()),
    runStep: async (i: { stepId: string }) => {
      calls.push(['runStep', i]);
      steps = {
        ...steps,
        [i.stepId]: {
          stepId: i.stepId,
          status: 'running',
          attempt: 1,
          startedAt: '2026-01-01T10:06:00.000Z',
          notes: [],
          signOffs: [],
          attempts: [],
          bypasses: [],
          history: [],
        },
      };
      return view();
    },
    cancelStep: async (i: unknown) => (calls.push(['cancelStep', i]), view()),
    getStepOutput: async (i: { stepId: string }) => (calls.push(['getStepOutput', i]), { stepId: i.stepId, attempt: 1, hosts: [] }),
    answerPrompt: async (i: { promptId: string }) => (calls.push(['answerPrompt', i]), { promptId: i.promptId }),
    onEvent: (l: (e: EngineEvent) => void) => (listeners.add(l), () => listeners.delete(l)),
  });
  const store = createAppStore(conn);
  const emit = (e: EngineEvent) => act(() => listeners.forEach((l) => l(e)));
  return { store, calls, emit };
}

async function mountRun() {
  window.location.hash = '#/run/r1';
  const s = setup();
  await mountApp(s.store);
  await screen.findByText('Step dbstep');
  return s;
}

const stepEl = (id: string) => document.querySelector(`[data-step-id="${id}"]`) as HTMLElement;

beforeEach(() => {
  window.location.hash = '#/';
});
afterEach(cleanup);

describe('start form: host roles', () => {
  async function mountForm(inv?: InventoryView) {
    const s = setup(inv);
    await act(async () => void (await s.store.getState().loadSettings()));
    render(
      <StoreContext.Provider value={s.store}>
        <StartRunForm runbook={runbook} />
      </StoreContext.Provider>,
    );
    return s;
  }

  it('offers one host for a plain role and hosts or @groups for a many role, and sends what was chosen', async () => {
    const { calls } = await mountForm();
    const db = (await screen.findByLabelText(/db.*Primary database \(one host\)/)) as HTMLSelectElement;
    expect([...db.options].map((o) => o.textContent)).toEqual([
      '— not bound —',
      'db1 (postgres@10.0.0.5)',
      'web1 (deploy@10.0.0.11:2222)',
      'web2 (deploy@10.0.0.12)',
    ]);
    fireEvent.change(db, { target: { value: 'db1' } });
    const app = screen.getByRole('group', { name: /app.*one or more/ });
    expect([...app.querySelectorAll('label')].map((l) => l.textContent)).toEqual([
      'group @db (db1)',
      'group @web (web1, web2)',
      'db1 (postgres@10.0.0.5)',
      'web1 (deploy@10.0.0.11:2222)',
      'web2 (deploy@10.0.0.12)',
    ]);
    fireEvent.click(screen.getByRole('checkbox', { name: /group @web/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: /^db1/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: /^db1/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: /^web1/ }));
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Start drill' })));
    expect(calls.find((c) => c[0] === 'startRun')![1]).toMatchObject({ bindings: { db: ['db1'], app: ['@web', 'web1'] } });
  });

  it('shows inventory errors as file:line:col and offers no hosts', async () => {
    await mountForm({
      ...inventory,
      hosts: [],
      errors: ['/data/inventory.yaml:3:7: unknown key "usr" in hosts.db1 (did you mean "user"?)'],
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('/data/inventory.yaml:3:7: unknown key "usr"');
    expect(screen.queryByLabelText(/one host/)).toBeNull();
  });

  it('no bindings chosen: none sent (remote steps by hand)', async () => {
    const { calls } = await mountForm();
    await screen.findByLabelText(/one host/);
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Start drill' })));
    expect((calls.find((c) => c[0] === 'startRun')![1] as { bindings?: unknown }).bindings).toBeUndefined();
  });
});

describe('run view: executing steps', () => {
  it('Run calls runStep; output streams per host with stderr told apart; Cancel calls cancelStep', async () => {
    const { calls, emit } = await mountRun();
    expect(stepEl('appstep').textContent).toContain('Runs on: app → web1, web2');
    await act(async () => void fireEvent.click(stepEl('dbstep').querySelector('button.run-step')!));
    expect(calls.find((c) => c[0] === 'runStep')![1]).toEqual({ runId: 'r1', stepId: 'dbstep', actor: 'jane' });
    await waitFor(() => expect(stepEl('dbstep').getAttribute('data-status')).toBe('running'));
    emit({ type: 'step.output', runId: 'r1', stepId: 'dbstep', host: 'db1', stream: 'stdout', text: 'restoring…\n' });
    emit({ type: 'step.output', runId: 'r1', stepId: 'dbstep', host: 'db1', stream: 'stderr', text: 'WARNING: slow disk\n' });
    emit({ type: 'step.output', runId: 'other', stepId: 'dbstep', host: 'db1', stream: 'stdout', text: 'not this run\n' });
    const out = stepEl('dbstep').querySelector('section[aria-label="Output on db1"]')!;
    expect(out.textContent).toBe('db1restoring…\nstderr: WARNING: slow disk\n');
    expect(out.querySelector('.out-stderr')!.textContent).toBe('stderr: WARNING: slow disk\n');
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Cancel' })));
    expect(calls.find((c) => c[0] === 'cancelStep')![1]).toEqual({ runId: 'r1', stepId: 'dbstep', actor: 'jane' });
  });

  it('keeps only a bounded tail of a huge output', async () => {
    const { store, emit } = await mountRun();
    await act(async () => void fireEvent.click(stepEl('dbstep').querySelector('button.run-step')!));
    const chunk = 'x'.repeat(10_000) + '\n';
    for (let i = 0; i < 50; i++) emit({ type: 'step.output', runId: 'r1', stepId: 'dbstep', host: 'db1', stream: 'stdout', text: chunk });
    const tail = store.getState().output.dbstep!.db1!;
    expect(tail.truncated).toBe(true);
    expect(tail.segments.reduce((n, s) => n + s.text.length, 0)).toBeLessThanOrEqual(64 * 1024);
    expect(stepEl('dbstep').textContent).toMatch(/Earlier output is not shown here/);
  });
});

describe('SSH questions', () => {
  const hostKey: Prompt = {
    promptId: 'p1',
    kind: 'host-key',
    runId: 'r1',
    host: 'db1',
    fingerprint: 'SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
    keyType: 'ssh-ed25519',
    address: '10.0.0.5:22',
    expiresAt: '2026-01-01T10:15:00.000Z',
  };

  it('a host key question shows the fingerprint, focuses Refuse, and Accept answers it', async () => {
    const { calls, emit } = await mountRun();
    emit({ type: 'prompt', ...hostKey });
    const dialog = await screen.findByRole('dialog', { name: 'Unknown host key for db1' });
    expect(dialog.textContent).toContain('SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG');
    expect(dialog.textContent).toContain('10.0.0.5:22');
    expect(document.activeElement?.textContent).toBe('Refuse (Esc)');
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Accept and connect' })));
    expect(calls.find((c) => c[0] === 'answerPrompt')![1]).toEqual({ promptId: 'p1', accept: true });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('Esc refuses; a question answered elsewhere closes here too', async () => {
    const { calls, emit } = await mountRun();
    emit({ type: 'prompt', ...hostKey });
    emit({ type: 'prompt', ...hostKey, promptId: 'p2', host: 'web1' });
    const dialog = await screen.findByRole('dialog', { name: 'Unknown host key for db1' });
    expect(dialog.textContent).toContain('1 more question after this one');
    await act(async () => void fireEvent(dialog, new Event('cancel', { cancelable: true })));
    expect(calls.find((c) => c[0] === 'answerPrompt')![1]).toEqual({ promptId: 'p1', accept: false });
    await screen.findByRole('dialog', { name: 'Unknown host key for web1' });
    emit({ type: 'prompt.closed', promptId: 'p2', runId: 'r1', reason: 'answered' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('a passphrase question takes a password field and sends it to the engine only', async () => {
    const { calls, emit, store } = await mountRun();
    emit({
      type: 'prompt',
      promptId: 'p3',
      kind: 'passphrase',
      runId: 'r1',
      host: 'db1',
      keyPath: '/home/ops/.ssh/id_ed25519',
      wrong: true,
      expiresAt: '2026-01-01T10:15:00.000Z',
    });
    const input = (await screen.findByLabelText('Passphrase')) as HTMLInputElement;
    expect(input.type).toBe('password');
    expect(screen.getByRole('alert').textContent).toMatch(/wrong/);
    fireEvent.change(input, { target: { value: 'hunter2' } });
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Unlock key' })));
    expect(calls.find((c) => c[0] === 'answerPrompt')![1]).toEqual({ promptId: 'p3', passphrase: 'hunter2' });
    expect(JSON.stringify(store.getState())).not.toContain('hunter2');
  });
});
