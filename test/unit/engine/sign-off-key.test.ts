// A sign-off is self-asserted (a typed name) unless confirmed with the signer's own key: then the
// journal carries an Ed25519 signature that verification checks, and a changed sign-off fails.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch, type RunView } from '../../../core/api';
import type { AnyEvent } from '../../../core/run/events';
import { readJournal } from '../../../core/run/journal';
import { checkSignOffs } from '../../../core/run/sign-off';
import { sha256Hex } from '../../../core/run/chain';
import { setup, type Setup } from './fixtures';

let s: Setup;
afterEach(async () => s?.engine.close());

const GATED = `---
id: gated
title: Gated
version: 1.0.0
---

# Switch

- [ ] Freeze {id=freeze}
- [ ] Promote the replica {id=promote gate=commander}
- [ ] Fail back later {id=later gate=commander}
`;

const PASS = 'correct horse battery staple';
const call = (name: string, input: Record<string, unknown>) => dispatch(s.engine, name as never, input as never) as Promise<RunView>;

async function gated() {
  s = await setup();
  await writeFile(path.join(s.libDir, 'gated.md'), GATED);
  await dispatch(s.engine, 'initKeys', { name: 'Jane Doe', passphrase: PASS });
  const v = await call('startRun', {
    id: 'gated',
    version: '1.0.0',
    mode: 'drill',
    actor: 'Jane Doe',
    participants: [{ name: 'omar', role: 'commander' }],
  });
  await call('completeStep', { runId: v.state.runId, stepId: 'freeze', actor: 'omar' });
  return v.state.runId;
}

describe('key-confirmed sign-offs', () => {
  it('with the passphrase the sign-off is confirmed and signed; without it, self-asserted', async () => {
    const runId = await gated();
    const typed = await call('signGate', { runId, stepId: 'later', actor: 'omar' });
    expect(typed.state.steps.later!.gate).not.toHaveProperty('confirmed');
    const v = await call('signGate', { runId, stepId: 'promote', actor: 'Jane Doe', comment: 'replica caught up', passphrase: PASS });
    expect(v.state.steps.promote!.gate).toMatchObject({ by: 'Jane Doe', confirmed: true });
    expect(v.state.steps.promote!.signOffs[0]!.confirmation).toMatchObject({
      method: 'key',
      certSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    const dir = path.join(s.dataDir, 'runs', runId);
    const { events } = await readJournal(dir);
    expect(checkSignOffs(events)).toEqual([expect.objectContaining({ stepId: 'promote', signer: 'Jane Doe', ok: true })]);
    // The passphrase itself is nowhere in the journal.
    expect(await readFile(path.join(dir, 'journal.jsonl'), 'utf8')).not.toContain(PASS);
  });

  it("refuses a wrong passphrase or someone else's key, and records nothing", async () => {
    const runId = await gated();
    await expect(call('signGate', { runId, stepId: 'promote', actor: 'Jane Doe', passphrase: 'wrong wrong wrong' })).rejects.toMatchObject({
      code: 'bad_request',
      message: 'wrong passphrase for the signing key: the sign-off was not recorded',
    });
    await expect(call('signGate', { runId, stepId: 'promote', actor: 'omar', passphrase: PASS })).rejects.toMatchObject({
      message: "the signing key on this machine is Jane Doe's, not omar's: sign off as Jane Doe, or without the key (self-asserted)",
    });
    const v = await call('getRun', { runId });
    expect(v.state.steps.promote?.signOffs ?? []).toEqual([]);
  });

  it('a sign-off changed in the journal (and re-chained) no longer verifies', async () => {
    const runId = await gated();
    await call('signGate', { runId, stepId: 'promote', actor: 'Jane Doe', comment: 'go', passphrase: PASS });
    // An attacker with the file rewrites the comment and recomputes every prev: the chain holds...
    const lines = (await readFile(path.join(s.dataDir, 'runs', runId, 'journal.jsonl'), 'utf8')).trimEnd().split('\n');
    const forged: string[] = [];
    let prev = '0'.repeat(64);
    for (const line of lines) {
      const e = JSON.parse(line.replace('"comment":"go"', '"comment":"go ahead, no checks needed"')) as Record<string, unknown>;
      const text = JSON.stringify({ ...e, prev });
      forged.push(text);
      prev = sha256Hex(Buffer.from(text));
    }
    const reparsed = forged.map((l) => JSON.parse(l) as AnyEvent);
    // ...but the signature does not.
    expect(checkSignOffs(reparsed)).toEqual([
      expect.objectContaining({ ok: false, detail: expect.stringMatching(/signature does not match/) }),
    ]);
  });
});

describe('key-confirmed sign-offs in the desktop app', () => {
  it('with the passphrase kept by the app (safeStorage), keptPassphrase confirms without typing; without one it says so', async () => {
    const { Engine } = await import('../../../core/engine');
    const { memorySecretStore } = await import('../../../core/secrets');
    const { memorySettingsStore } = await import('../../../core/settings');
    s = await setup();
    await writeFile(path.join(s.libDir, 'gated.md'), GATED);
    const plain = await call('startRun', { id: 'gated', version: '1.0.0', mode: 'drill', actor: 'Desk Top' });
    await expect(
      call('signGate', { runId: plain.state.runId, stepId: 'promote', actor: 'Desk Top', keptPassphrase: true }),
    ).rejects.toMatchObject({ message: /keeps no passphrase/ });
    await s.engine.close();
    const desk = await Engine.create({
      dataDir: s.dataDir,
      runbookDirs: [s.libDir],
      settings: memorySettingsStore(),
      secrets: { ...memorySecretStore(), persistent: true },
    });
    s.engine = desk;
    await dispatch(desk, 'initKeys', { name: 'Desk Top' });
    const v = await call('startRun', { id: 'gated', version: '1.0.0', mode: 'drill', actor: 'Desk Top' });
    const signed = await call('signGate', { runId: v.state.runId, stepId: 'later', actor: 'Desk Top', keptPassphrase: true });
    expect(signed.state.steps.later!.gate).toMatchObject({ confirmed: true });
    const { events } = await readJournal(path.join(s.dataDir, 'runs', v.state.runId));
    expect(checkSignOffs(events)).toEqual([expect.objectContaining({ ok: true, signer: 'Desk Top' })]);
  });
});
