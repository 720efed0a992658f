// The engine's side of SSH without a server: the inventory as the start form sees it, role
// bindings checked when a run starts, and the commander's questions (answer, timeout, withdraw).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, type EngineEvent } from '../../../core/api';
import { Engine } from '../../../core/engine';
import { PromptBroker } from '../../../core/adapters/prompts.adapter';
import { PromptUnanswered, PromptWithdrawn } from '../../../core/exec/ssh/prompt-outcome';
import { memorySettingsStore } from '../../../core/settings';
import { tempDir } from '../run/helpers';

const runbook = `---
id: fleet
title: Fleet restart
version: 1.0.0
hosts:
  db: { description: Primary database }
  app: { description: App servers, many: true }
---

# Restart {budget=30m}

## Stop the apps {id=stop}

\`\`\`bash {host=app timeout=1m}
echo stop
\`\`\`

## Check the database {id=check}

\`\`\`bash {host=db timeout=1m}
echo check
\`\`\`
`;

const inventory = `known_hosts: ./known_hosts
hosts:
  db1: { address: 10.0.0.5, user: postgres, groups: [db] }
  web1: { address: 10.0.0.11, port: 2222, user: deploy, groups: [web] }
  web2: { address: 10.0.0.12, user: deploy, groups: [web] }
`;

let engine: Engine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

async function open(inv?: string) {
  const dataDir = await tempDir('drillbook-data-');
  const libDir = await tempDir('drillbook-lib-');
  await mkdir(libDir, { recursive: true });
  await writeFile(path.join(libDir, 'fleet.md'), runbook);
  if (inv !== undefined) await writeFile(path.join(dataDir, 'inventory.yaml'), inv);
  const events: EngineEvent[] = [];
  engine = await Engine.create({
    dataDir,
    runbookDirs: [libDir],
    settings: memorySettingsStore(),
    ssh: { sshConfig: false, agent: false },
  });
  engine.on((e) => events.push(e));
  const start = (bindings?: Record<string, string[]>) =>
    engine!.startRun({ id: 'fleet', version: '1.0.0', mode: 'drill', actor: 'jane', ...(bindings ? { bindings } : {}) });
  return { dataDir, engine, events, start };
}

async function refusal(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('Engine: inventory', () => {
  it('a missing inventory.yaml means no remote hosts, not an error', async () => {
    const { engine, dataDir } = await open();
    expect(await engine.getInventory()).toEqual({ file: path.join(dataDir, 'inventory.yaml'), hosts: [], errors: [], warnings: [] });
  });

  it('lists the hosts with their groups', async () => {
    const { engine, dataDir } = await open(inventory);
    const inv = await engine.getInventory();
    expect(inv.errors).toEqual([]);
    expect(inv.hosts.map((h) => [h.name, h.address, h.port, h.user, h.groups])).toEqual([
      ['db1', '10.0.0.5', 22, 'postgres', ['db']],
      ['web1', '10.0.0.11', 2222, 'deploy', ['web']],
      ['web2', '10.0.0.12', 22, 'deploy', ['web']],
    ]);
    expect(inv.hosts[0]!.origin).toBe(`${path.join(dataDir, 'inventory.yaml')}:3:3`);
  });

  it('an invalid file is reported as file:line:col, and binding is refused with it', async () => {
    const { engine, dataDir, start } = await open('hosts:\n  db1: { address: 10.0.0.5, usr: postgres }\n');
    const inv = await engine.getInventory();
    expect(inv.hosts).toEqual([]);
    const file = path.join(dataDir, 'inventory.yaml');
    expect(inv.errors).toEqual([
      `${file}:2:8: hosts.db1: missing required key "user"`,
      `${file}:2:29: unknown key "usr" in hosts.db1 (did you mean "user"?)`,
    ]);
    const err = await refusal(start({ db: ['db1'], app: ['web1'] }));
    expect(err.message).toMatch(/^hosts cannot be bound: the inventory has errors: .*inventory\.yaml:2:\d+/);
  });
});

describe('Engine: startRun with bindings', () => {
  it('resolves hosts and @groups and pins them in run.started', async () => {
    const { start } = await open(inventory);
    const { state } = await start({ db: ['db1'], app: ['@web'] });
    expect(state.bindings).toEqual({ db: ['db1'], app: ['web1', 'web2'] });
  });

  it('without bindings the run starts; a remote step is then refused with the reason', async () => {
    const { engine, start } = await open(inventory);
    const { state } = await start();
    expect(state.bindings).toEqual({});
    const err = await refusal(engine.runStep({ runId: state.runId, stepId: 'check', actor: 'jane' }));
    expect(err.message).toMatch(/runs on host role "db", but this run has no host bound to it/);
  });

  it('an unknown host names the role and the host', async () => {
    const { start } = await open(inventory);
    const err = await refusal(start({ db: ['db9'], app: ['web1'] }));
    expect(err.code).toBe('bad_request');
    expect(err.message).toBe('role "db": no host or group "db9" in the inventory (did you mean "db1"?)');
  });

  it('a role that is not many takes one host; every role must be bound; unknown roles are named', async () => {
    const { start } = await open(inventory);
    expect((await refusal(start({ db: ['db1', 'web1'], app: ['web2'] }))).message).toMatch(
      /role "db" takes one host but is bound to 2 \(db1, web1\)/,
    );
    expect((await refusal(start({ app: ['web2'] }))).message).toBe(
      'role "db" is not bound to a host: every role the runbook declares needs its host(s)',
    );
    expect((await refusal(start({ db: ['db1'], app: ['web1'], cache: ['web2'] }))).message).toMatch(/the runbook has no host role "cache"/);
  });
});

describe('PromptBroker', () => {
  const broker = (timeoutMs = 5_000) => {
    const events: EngineEvent[] = [];
    return { events, b: new PromptBroker({ emit: (e) => events.push(e), now: () => new Date('2026-01-01T00:00:00Z'), timeoutMs }) };
  };

  it('asks with an event, settles on the first answer, tells every window it closed', async () => {
    const { b, events } = broker();
    const asked = b.hostKeyPrompt('r1')('db1', 'SHA256:abc', { address: '127.0.0.1', port: 22, keyType: 'ssh-ed25519' });
    expect(events).toHaveLength(1);
    const p = events[0] as Extract<EngineEvent, { type: 'prompt' }>;
    expect(p).toMatchObject({
      type: 'prompt',
      kind: 'host-key',
      runId: 'r1',
      host: 'db1',
      fingerprint: 'SHA256:abc',
      address: '127.0.0.1:22',
      keyType: 'ssh-ed25519',
      expiresAt: '2026-01-01T00:00:05.000Z',
    });
    expect(b.list().map((x) => x.promptId)).toEqual([p.promptId]);
    b.answer(p.promptId, { accept: true });
    expect(await asked).toBe(true);
    expect(events[1]).toEqual({ type: 'prompt.closed', promptId: p.promptId, runId: 'r1', reason: 'answered' });
    expect(() => b.answer(p.promptId, { accept: true })).toThrow(/no longer open/);
    expect(b.list()).toEqual([]);
  });

  it('a passphrase is passed on once and never kept; refusing skips the key', async () => {
    const { b, events } = broker();
    const provider = b.passphrase('r1');
    const first = provider({ keyPath: '/k', host: 'db1', attempt: 1, wrong: false });
    const id = (events[0] as { promptId: string }).promptId;
    b.answer(id, { passphrase: 's3cret' });
    expect(await first).toBe('s3cret');
    expect(JSON.stringify(events)).not.toContain('s3cret');
    const second = provider({ keyPath: '/k', host: 'db1', attempt: 2, wrong: true });
    expect(events[2]).toMatchObject({ kind: 'passphrase', keyPath: '/k', wrong: true });
    b.answer((events[2] as { promptId: string }).promptId, { accept: false });
    expect(await second).toBeUndefined();
  });

  it('no answer in time fails saying so; closing a run withdraws its questions; late answers say why they are refused', async () => {
    const { b, events } = broker(1_000);
    await expect(b.hostKeyPrompt('r1')('db1', 'SHA256:x', { address: 'a', port: 1, keyType: 't' })).rejects.toThrow(
      new PromptUnanswered('no answer to the host-key question for db1 within 1s'),
    );
    expect(events[1]).toMatchObject({ type: 'prompt.closed', reason: 'timeout' });
    expect(() => b.answer((events[0] as { promptId: string }).promptId, { accept: true })).toThrow(
      /not answered by 2026-01-01T00:00:01.000Z, so its step failed; the answer was not applied/,
    );
    const { b: b2, events: e2 } = broker();
    const pending = b2.passphrase('r2')({ keyPath: '/k', host: 'h', attempt: 1, wrong: false });
    const other = b2.hostKeyPrompt('r3')('h', 'SHA256:y', { address: 'a', port: 1, keyType: 't' });
    b2.cancelRun('r2');
    await expect(pending).rejects.toBeInstanceOf(PromptWithdrawn);
    expect(e2.filter((e) => e.type === 'prompt.closed')).toMatchObject([{ runId: 'r2', reason: 'cancelled' }]);
    expect(() => b2.answer((e2[0] as { promptId: string }).promptId, { passphrase: 'late' })).toThrow(
      'this question was withdrawn: the step it was for has ended; the answer was not applied',
    );
    b2.closeAll();
    await expect(other).rejects.toBeInstanceOf(PromptWithdrawn);
  });

  it('an attempt that ends withdraws its question at once, and only that one', async () => {
    const { b, events } = broker();
    const ended = new AbortController();
    const asked = b.hostKeyPrompt('r1')('db1', 'SHA256:x', { address: 'a', port: 1, keyType: 't' }, ended.signal);
    const other = b.hostKeyPrompt('r1')('db2', 'SHA256:y', { address: 'a', port: 2, keyType: 't' });
    ended.abort();
    await expect(asked).rejects.toThrow('the host-key question for db1 was withdrawn: the step it was for has ended');
    expect(events.filter((e) => e.type === 'prompt.closed')).toHaveLength(1);
    expect(b.list().map((p) => p.host)).toEqual(['db2']);
    b.answer(b.list()[0]!.promptId, { accept: true });
    expect(await other).toBe(true);
    // A signal that had already ended: the question is withdrawn as soon as it is raised.
    await expect(b.passphrase('r1')({ keyPath: '/k', host: 'h', attempt: 1, wrong: false, signal: ended.signal })).rejects.toBeInstanceOf(
      PromptWithdrawn,
    );
    expect(b.list()).toEqual([]);
  });
});
