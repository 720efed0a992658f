// The app's path to a remote step, against real sshd (test/env/sshd.sh, ports 63101-63102):
// startRun with bindings, runStep over SSH with live output events, an unknown host key asked
// of the commander through a `prompt` event and answered with answerPrompt (accepted: recorded
// in known_hosts; refused: the command never runs), and an encrypted key's passphrase asked the
// same way — and never written anywhere.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent, Prompt } from '../../../core/api';
import { Engine } from '../../../core/engine';
import { decodeEvidence } from '../../../core/run/evidence-writer';
import { encryptedKey, engineOnFleet } from './engine-fleet';
import { startFleet, tempDir, type Fleet } from './fleet';

const PASS = 'tr0ub4dor & 3 $(touch /tmp/x)';
let fleet: Fleet;
let work: string;
let encKey: string;

const runbook = `---
id: remote-check
title: Remote check
version: 1.0.0
hosts:
  db: { description: Database host }
---

# Check {budget=10m}

## Say hello {id=hello}

\`\`\`bash {host=db timeout=30s}
touch "$DRILLBOOK_MARKER"; echo "out on $(hostname)"; echo "err line" >&2; for i in 1 2 3; do echo "line $i"; done
\`\`\`

## Say it again {id=again}

\`\`\`bash {host=db timeout=30s}
echo again
\`\`\`
`;

beforeAll(() => {
  fleet = startFleet('engine', 2, 63100);
  work = tempDir('drillbook-engine-ssh-');
  encKey = encryptedKey(fleet, work, PASS);
});
afterAll(() => {
  fleet?.stop();
  for (const n of ['accept', 'refuse', 'cancel', 'passphrase']) rmSync(marker(n), { force: true });
  if (work) rmSync(work, { recursive: true, force: true });
});

let engine: Engine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

/** A data dir whose inventory has h1 (plain key, host key unknown) and h2 (encrypted key, host key known). */
async function setup(name: string) {
  const on = await engineOnFleet({
    fleet,
    dataDir: path.join(work, name),
    encKey,
    runbook: { file: 'remote-check.md', text: runbook.replace('$DRILLBOOK_MARKER', marker(name)) },
  });
  const { dataDir, knownHosts, events, waitFor } = on;
  engine = on.engine;
  const finished = (runId: string, stepId: string) =>
    waitFor(
      (e): e is Extract<EngineEvent, { type: 'run.event' }> =>
        e.type === 'run.event' &&
        e.runId === runId &&
        e.event.type === 'step.finished' &&
        (e.event.data as { stepId: string }).stepId === stepId,
    );
  const prompt = () =>
    waitFor(
      (e): e is Extract<EngineEvent, { type: 'prompt' }> =>
        e.type === 'prompt' && !events.some((c) => c.type === 'prompt.closed' && c.promptId === e.promptId),
    );
  const start = (host: string) =>
    engine!.startRun({ id: 'remote-check', version: '1.0.0', mode: 'drill', actor: 'jane', bindings: { db: [host] } });
  return { dataDir, knownHosts, events, engine, finished, prompt, start, marker: marker(name) };
}

// Where the remote (test) user can write: a refused step must not leave it only for lack of rights.
const marker = (name: string) => `/tmp/drillbook-engine-ssh-${process.pid}-${name}.marker`;
const fingerprintOf = (pub: string) => execFileSync('ssh-keygen', ['-lf', pub], { encoding: 'utf8' }).split(' ')[1]!;

describe('Engine: remote steps over SSH', () => {
  it('binds a role, asks about the unknown host key, runs the step with live output', async () => {
    const s = await setup('accept');
    const { state } = await s.start('h1');
    expect(state.bindings).toEqual({ db: ['h1'] });
    const started = await s.engine.runStep({ runId: state.runId, stepId: 'hello', actor: 'jane' });
    expect(started.state.steps.hello?.status).toBe('running');

    const q = await s.prompt();
    expect(q).toMatchObject<Partial<Prompt>>({
      kind: 'host-key',
      runId: state.runId,
      host: 'h1',
      fingerprint: fingerprintOf(fleet.hostKeys[0]!),
      keyType: 'ssh-ed25519',
      address: `127.0.0.1:${fleet.ports[0]}`,
    });
    expect(await s.engine.listPrompts()).toMatchObject([{ promptId: q.promptId }]);
    await s.engine.answerPrompt({ promptId: q.promptId, accept: true });
    expect(s.events).toContainEqual({ type: 'prompt.closed', promptId: q.promptId, runId: state.runId, reason: 'answered' });

    await s.finished(state.runId, 'hello');
    const out = s.events.filter(
      (e): e is Extract<EngineEvent, { type: 'step.output' }> => e.type === 'step.output' && e.stepId === 'hello',
    );
    expect(out.every((e) => e.host === 'h1' && e.runId === state.runId)).toBe(true);
    expect(
      out
        .filter((e) => e.stream === 'stdout')
        .map((e) => e.text)
        .join(''),
    ).toMatch(/^out on .*\nline 1\nline 2\nline 3\n$/);
    expect(
      out
        .filter((e) => e.stream === 'stderr')
        .map((e) => e.text)
        .join(''),
    ).toBe('err line\n');

    const { state: after } = await s.engine.getRun({ runId: state.runId });
    expect(after.steps.hello).toMatchObject({ status: 'done', outcome: 'succeeded' });
    const h1 = after.steps.hello!.hosts!.h1!;
    expect(h1.exitCode).toBe(0);
    const evidence = readFileSync(path.join(s.dataDir, 'runs', state.runId, h1.evidence.file));
    expect(decodeEvidence(evidence).stderr.toString()).toBe('err line\n');
    // The accepted key is in known_hosts now (OpenSSH finds it), so the next step asks nothing.
    execFileSync('ssh-keygen', ['-F', `[127.0.0.1]:${fleet.ports[0]}`, '-f', s.knownHosts]);
    expect(existsSync(s.marker)).toBe(true);
    const asked = s.events.filter((e) => e.type === 'prompt').length;
    await s.engine.runStep({ runId: state.runId, stepId: 'again', actor: 'jane' });
    await s.finished(state.runId, 'again');
    expect(s.events.filter((e) => e.type === 'prompt').length).toBe(asked);
    const output = await s.engine.getStepOutput({ runId: state.runId, stepId: 'again' });
    expect(output.hosts[0]).toMatchObject({ host: 'h1', running: false, segments: [{ stream: 'stdout', text: 'again\n' }] });

    // Ending the run closes its connections; nothing about it is left open.
    await s.engine.endRun({ runId: state.runId, actor: 'jane', outcome: 'completed' });
    expect(await s.engine.listPrompts()).toEqual([]);
  });

  it('a refused host key fails the step and the command never runs', async () => {
    const s = await setup('refuse');
    const { state } = await s.start('h1');
    await s.engine.runStep({ runId: state.runId, stepId: 'hello', actor: 'jane' });
    const q = await s.prompt();
    await s.engine.answerPrompt({ promptId: q.promptId, accept: false });
    await s.finished(state.runId, 'hello');
    const { state: after } = await s.engine.getRun({ runId: state.runId });
    expect(after.steps.hello).toMatchObject({ status: 'failed', outcome: 'failed' });
    expect(after.steps.hello!.error).toMatch(
      /^h1: host key for h1 \(127\.0\.0\.1:\d+\) is unknown \(ssh-ed25519 SHA256:\S+\) and was not accepted$/,
    );
    expect(existsSync(s.marker)).toBe(false);
    expect(readFileSync(s.knownHosts, 'utf8')).not.toContain(`[127.0.0.1]:${fleet.ports[0]}`);
    // An answer that comes too late is refused with a clear word.
    await expect(s.engine.answerPrompt({ promptId: q.promptId, accept: true })).rejects.toThrow(/no longer open/);
  });

  it('cancelling the step withdraws its open question; the step ends cancelled and nothing ran', async () => {
    const s = await setup('cancel');
    const { state } = await s.start('h1');
    await s.engine.runStep({ runId: state.runId, stepId: 'hello', actor: 'jane' });
    const q = await s.prompt();
    await s.engine.cancelStep({ runId: state.runId, stepId: 'hello', actor: 'jane' });
    expect(s.events).toContainEqual({ type: 'prompt.closed', promptId: q.promptId, runId: state.runId, reason: 'cancelled' });
    const { state: after } = await s.engine.getRun({ runId: state.runId });
    expect(after.steps.hello).toMatchObject({ status: 'failed', outcome: 'cancelled' });
    expect(existsSync(s.marker)).toBe(false);
    expect(await s.engine.listPrompts()).toEqual([]);
  });

  it('asks for an encrypted key’s passphrase, uses it, and writes it nowhere', async () => {
    const s = await setup('passphrase');
    const { state } = await s.start('h2');
    await s.engine.runStep({ runId: state.runId, stepId: 'hello', actor: 'jane' });
    const wrongQ = await s.prompt();
    expect(wrongQ).toMatchObject({ kind: 'passphrase', host: 'h2', keyPath: encKey });
    expect(wrongQ.wrong).toBeUndefined();
    await s.engine.answerPrompt({ promptId: wrongQ.promptId, passphrase: 'not it' });
    const q = await s.prompt();
    expect(q).toMatchObject({ kind: 'passphrase', keyPath: encKey, wrong: true });
    await s.engine.answerPrompt({ promptId: q.promptId, passphrase: PASS });
    await s.finished(state.runId, 'hello');
    const { state: after } = await s.engine.getRun({ runId: state.runId });
    expect(after.steps.hello).toMatchObject({ status: 'done', outcome: 'succeeded' });
    // Kept for the run (the decrypted key): the next step asks nothing.
    await s.engine.runStep({ runId: state.runId, stepId: 'again', actor: 'jane' });
    await s.finished(state.runId, 'again');
    expect(s.events.filter((e) => e.type === 'prompt')).toHaveLength(2);
    const runDir = path.join(s.dataDir, 'runs', state.runId);
    const files = readdirSync(runDir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    for (const f of files) expect(readFileSync(path.join(f.parentPath, f.name)).includes(PASS)).toBe(false);
    expect(JSON.stringify(s.events)).not.toContain(PASS);
  });
});
