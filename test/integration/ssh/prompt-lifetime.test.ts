// A question an SSH connection puts to the commander (unknown host key, key passphrase) lives
// no longer than the step attempt it was raised for, through the real Engine against real sshd
// (test/env/sshd.sh, ports 63601-63602): the time spent answering does not count against the
// step's timeout; an unanswered question fails the step saying so (not "timed out"); when the
// attempt ends (cancel, engine shutdown) its question is withdrawn, and a late answer is refused
// and never applied (no known_hosts write); the next attempt asks afresh.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../core/api';
import { Engine } from '../../../core/engine';
import { encryptedKey, engineOnFleet } from './engine-fleet';
import { startFleet, tempDir, type Fleet } from './fleet';

const PASS = 'open sesame';
let fleet: Fleet;
let work: string;
let encKey: string;

const runbook = `---
id: prompt-life
title: Prompt lifetime
version: 1.0.0
hosts:
  db: { description: Database host }
---

# Check {budget=10m}

## Touch {id=touch}

\`\`\`bash {host=db timeout=2s}
touch "$MARKER"; echo touched
\`\`\`
`;

beforeAll(() => {
  fleet = startFleet('prompt-life', 2, 63600);
  work = tempDir('drillbook-prompt-life-');
  encKey = encryptedKey(fleet, work, PASS);
});
afterAll(() => {
  fleet?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

let engine: Engine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type PromptEvent = Extract<EngineEvent, { type: 'prompt' }>;

/** h1: plain key, host key unknown; h2: encrypted key, host key known. */
async function setup(name: string, promptTimeoutMs?: number) {
  const marker = path.join('/tmp', `drillbook-prompt-life-${process.pid}-${name}`);
  rmSync(marker, { force: true });
  const on = await engineOnFleet({
    fleet,
    dataDir: path.join(work, name),
    encKey,
    runbook: { file: 'prompt-life.md', text: runbook.replace('$MARKER', marker) },
    ...(promptTimeoutMs ? { ssh: { promptTimeoutMs } } : {}),
  });
  const { knownHosts, events, waitFor } = on;
  const e = (engine = on.engine);
  const seen = new Set<string>();
  /** The next question not yet handed out. */
  const prompt = () =>
    waitFor((ev): ev is PromptEvent => ev.type === 'prompt' && !seen.has(ev.promptId)).then((p) => (seen.add(p.promptId), p));
  const finishedCount = () => events.filter((ev) => ev.type === 'run.event' && ev.event.type === 'step.finished').length;
  const finished = (n: number) =>
    waitFor((ev): ev is EngineEvent => ev.type === 'run.event' && ev.event.type === 'step.finished' && finishedCount() >= n, 30_000);
  const closed = (promptId: string) =>
    waitFor((ev): ev is Extract<EngineEvent, { type: 'prompt.closed' }> => ev.type === 'prompt.closed' && ev.promptId === promptId);
  const start = async (host: string) => {
    const { state } = await e.startRun({ id: 'prompt-life', version: '1.0.0', mode: 'drill', actor: 'jane', bindings: { db: [host] } });
    const run = () => e.runStep({ runId: state.runId, stepId: 'touch', actor: 'jane' });
    const step = async () => (await e.getRun({ runId: state.runId })).state.steps.touch!;
    return { runId: state.runId, run, step };
  };
  const h1Known = () => readFileSync(knownHosts, 'utf8').includes(`[127.0.0.1]:${fleet.ports[0]}`);
  return { engine: e, events, prompt, finished, closed, start, marker, h1Known };
}

describe('SSH questions live no longer than their attempt', () => {
  it('the time spent on the host-key question does not count against the step timeout (2s)', async () => {
    const s = await setup('host-key-slow');
    const r = await s.start('h1');
    await r.run();
    const q = await s.prompt();
    await sleep(3_000); // longer than the step's timeout: the commander is reading the fingerprint
    await s.engine.answerPrompt({ promptId: q.promptId, accept: true });
    await s.finished(1);
    expect(await r.step()).toMatchObject({ status: 'done', outcome: 'succeeded' });
    expect(existsSync(s.marker)).toBe(true);
    expect(s.h1Known()).toBe(true);
  });

  it('the time spent typing a passphrase does not count against the step timeout (2s)', async () => {
    const s = await setup('passphrase-slow');
    const r = await s.start('h2');
    await r.run();
    const q = await s.prompt();
    expect(q).toMatchObject({ kind: 'passphrase', host: 'h2', keyPath: encKey });
    await sleep(3_000);
    await s.engine.answerPrompt({ promptId: q.promptId, passphrase: PASS });
    await s.finished(1);
    expect(await r.step()).toMatchObject({ status: 'done', outcome: 'succeeded' });
    expect(existsSync(s.marker)).toBe(true);
  });

  it('an unanswered host-key question fails the step saying so; the late answer is refused and writes nothing', async () => {
    const s = await setup('host-key-unanswered', 3_000);
    const r = await s.start('h1');
    await r.run();
    const q = await s.prompt();
    // Not "timed out after 2s" at 2 s with the dialog still open: the question's own deadline ends it.
    expect((await s.closed(q.promptId)).reason).toBe('timeout');
    await s.finished(1);
    const step = await r.step();
    expect(step).toMatchObject({ status: 'failed', outcome: 'failed' });
    expect(step.error).toMatch(/^h1: no answer to the host-key question for h1 within 3s; not connected \(ssh-ed25519 SHA256:\S+\)$/);
    expect(await s.engine.listPrompts()).toEqual([]);
    await expect(s.engine.answerPrompt({ promptId: q.promptId, accept: true })).rejects.toThrow(
      /not answered by .*the answer was not applied/,
    );
    expect(s.h1Known()).toBe(false);
    expect(existsSync(s.marker)).toBe(false);
  });

  it('an unanswered passphrase question fails the step saying so', async () => {
    const s = await setup('passphrase-unanswered', 3_000);
    const r = await s.start('h2');
    await r.run();
    const q = await s.prompt();
    expect((await s.closed(q.promptId)).reason).toBe('timeout');
    await s.finished(1);
    const step = await r.step();
    expect(step).toMatchObject({ status: 'failed', outcome: 'failed' });
    expect(step.error).toContain(`no answer to the passphrase question for key ${encKey} (connecting to h2) within 3s`);
    expect(step.error).not.toMatch(/timed out/);
  });

  it('cancelling the attempt withdraws its question; a late accept is refused, writes nothing; the retry asks afresh', async () => {
    const s = await setup('host-key-cancel');
    const r = await s.start('h1');
    await r.run();
    const q = await s.prompt();
    await s.engine.cancelStep({ runId: r.runId, stepId: 'touch', actor: 'jane' });
    expect((await s.closed(q.promptId)).reason).toBe('cancelled');
    await s.finished(1);
    expect(await s.engine.listPrompts()).toEqual([]);
    await expect(s.engine.answerPrompt({ promptId: q.promptId, accept: true })).rejects.toThrow(
      'this question was withdrawn: the step it was for has ended; the answer was not applied',
    );
    await sleep(300);
    expect(s.h1Known()).toBe(false);
    expect(existsSync(s.marker)).toBe(false);
    expect(await r.step()).toMatchObject({ status: 'failed', outcome: 'cancelled' });

    // The next attempt has its own question, and answering it connects that attempt.
    await r.run();
    const again = await s.prompt();
    expect(again.promptId).not.toBe(q.promptId);
    await s.engine.answerPrompt({ promptId: again.promptId, accept: true });
    await s.finished(2);
    expect(await r.step()).toMatchObject({ status: 'done', outcome: 'succeeded' });
    expect(s.h1Known()).toBe(true);
  });

  it('a withdrawn passphrase question is asked again by the next attempt (the refusal is not kept for the run)', async () => {
    const s = await setup('passphrase-cancel');
    const r = await s.start('h2');
    await r.run();
    const q = await s.prompt();
    await s.engine.cancelStep({ runId: r.runId, stepId: 'touch', actor: 'jane' });
    expect((await s.closed(q.promptId)).reason).toBe('cancelled');
    await s.finished(1);
    await expect(s.engine.answerPrompt({ promptId: q.promptId, passphrase: PASS })).rejects.toThrow(/withdrawn/);
    await r.run();
    const again = await s.prompt();
    expect(again).toMatchObject({ kind: 'passphrase', keyPath: encKey });
    await s.engine.answerPrompt({ promptId: again.promptId, passphrase: PASS });
    await s.finished(2);
    expect(await r.step()).toMatchObject({ status: 'done', outcome: 'succeeded' });
  });

  it('closing the engine withdraws an open question in every window', async () => {
    const s = await setup('shutdown');
    const r = await s.start('h1');
    await r.run();
    const q = await s.prompt();
    await s.engine.close();
    engine = undefined;
    expect(s.events).toContainEqual({ type: 'prompt.closed', promptId: q.promptId, runId: r.runId, reason: 'cancelled' });
    await sleep(300);
    expect(s.h1Known()).toBe(false);
  });
});
