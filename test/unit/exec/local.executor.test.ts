// The local executor against real bash/sh processes: exit codes, streamed output, the process
// group on timeout and cancel (SIGTERM, then SIGKILL), environment and stdin.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExecContext, OutputStream } from '../../../core/exec/executor';
import { LocalExecutor } from '../../../core/exec/local.executor';
import { lockRun } from '../../../core/run/run-lock';
import type { CommandAction } from '../../../core/runbook/model';
import { tempDir } from '../run/helpers';

const action = (script: string, lang: 'bash' | 'sh' = 'bash'): CommandAction => ({ type: 'command', lang, host: 'local', script });

function ctx(over: Partial<ExecContext> = {}) {
  const chunks: { stream: OutputStream; text: string }[] = [];
  const c: ExecContext = {
    host: 'local',
    timeoutMs: 30_000,
    signal: new AbortController().signal,
    onOutput: (stream, chunk) => chunks.push({ stream, text: chunk.toString() }),
    ...over,
  };
  const text = (s: OutputStream) =>
    chunks
      .filter((x) => x.stream === s)
      .map((x) => x.text)
      .join('');
  return { c, chunks, text };
}

/** True while a process with this pid runs (a zombie waiting to be reaped has ended). */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

const fast = new LocalExecutor({ killGraceMs: 300, drainMs: 200 });

describe('LocalExecutor', () => {
  it('returns the exit code and streams stdout and stderr', async () => {
    const { c, text } = ctx();
    const r = await fast.run(action('echo out; echo err >&2; printf partial; exit 3'), c);
    expect(r).toEqual({ exitCode: 3 });
    expect(text('stdout')).toBe('out\npartial');
    expect(text('stderr')).toBe('err\n');
  });

  it('runs sh (dash) for lang=sh, with DRILLBOOK_* env added and stdin at end-of-file', async () => {
    const { c, text } = ctx({ env: { DRILLBOOK_STEP_ID: 'restore' } });
    const r = await fast.run(action('[ -z "$BASH_VERSION" ] && echo posix; echo "$DRILLBOOK_STEP_ID $HOME"; cat; echo eof', 'sh'), c);
    expect(r.exitCode).toBe(0);
    expect(text('stdout')).toBe(`posix\nrestore ${process.env.HOME}\neof\n`);
  });

  it('delivers large output completely', async () => {
    let bytes = 0;
    const { c } = ctx({ onOutput: (_s, chunk) => void (bytes += chunk.length) });
    const r = await fast.run(action('head -c 5000000 /dev/zero; head -c 1000 /dev/zero >&2'), c);
    expect(r.exitCode).toBe(0);
    expect(bytes).toBe(5_001_000);
  });

  it('a timeout SIGTERMs the whole process group, background children included', async () => {
    const dir = await tempDir('drillbook-local-');
    const pids = path.join(dir, 'pids');
    const { c } = ctx({ timeoutMs: 300 });
    const r = await fast.run(action(`sleep 30 & echo $! > ${pids}; echo $$ >> ${pids}; wait`), c);
    expect(r.timedOut).toBe(true);
    expect(r.exitCode === null ? r.signal : r.exitCode).toBeTruthy();
    for (const pid of readFileSync(pids, 'utf8').trim().split('\n').map(Number)) expect(alive(pid)).toBe(false);
  });

  it('a process ignoring SIGTERM is SIGKILLed after the grace period', async () => {
    const dir = await tempDir('drillbook-local-');
    const pidFile = path.join(dir, 'pid');
    const { c } = ctx({ timeoutMs: 200 });
    const r = await fast.run(action(`trap '' TERM; echo $$ > ${pidFile}; while :; do sleep 0.05; done`), c);
    expect(r).toMatchObject({ exitCode: null, signal: 'SIGKILL', timedOut: true });
    expect(alive(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
  });

  it('cancel through the AbortSignal stops it the same way', async () => {
    const ac = new AbortController();
    const { c } = ctx({
      signal: ac.signal,
      onOutput: (_s, chunk) => {
        if (chunk.toString().includes('ready')) ac.abort();
      },
    });
    const r = await fast.run(action('echo ready; sleep 30'), c);
    expect(r.cancelled).toBe(true);
    expect(r.timedOut).toBeUndefined();
  });

  it('an already aborted signal starts nothing', async () => {
    const ac = new AbortController();
    ac.abort();
    const dir = await tempDir('drillbook-local-');
    const r = await fast.run(action(`touch ${path.join(dir, 'ran')}`), ctx({ signal: ac.signal }).c);
    expect(r).toMatchObject({ exitCode: null, cancelled: true });
    expect(() => readFileSync(path.join(dir, 'ran'))).toThrow();
  });

  it('does not wait for a background child that keeps the output pipe open', async () => {
    const dir = await tempDir('drillbook-local-');
    const pidFile = path.join(dir, 'pid');
    const { c, text } = ctx();
    const r = await fast.run(action(`sleep 30 & echo $! > ${pidFile}; echo started`), c);
    expect(r).toEqual({ exitCode: 0 });
    expect(text('stdout')).toBe('started\n');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    // The lifeline watcher was told the command ended normally: it leaves the child alone.
    await new Promise((r) => setTimeout(r, 300));
    expect(alive(pid)).toBe(true); // started on purpose: left running
    process.kill(pid, 'SIGKILL');
  });

  it('the script gets neither the lifeline nor the held fd; the watcher holds the run lock until the command ends', async () => {
    const dir = await tempDir('drillbook-local-');
    const lock = await lockRun(dir, { waitMs: 0 });
    let out = '';
    const { c } = ctx({
      holdFd: lock.fd,
      onOutput: (_s, chunk) => {
        out += chunk.toString();
        // Once the command runs, this process lets go: the watcher still holds the run.
        if (out.includes('running')) void lock.release();
      },
    });
    const during = fast.run(action('for fd in 3 4; do [ -e /proc/$$/fd/$fd ] && echo "has fd $fd"; done; echo running; sleep 0.6'), c);
    await new Promise((r) => setTimeout(r, 300));
    await expect(lockRun(dir, { waitMs: 0 })).rejects.toThrow(/in use by process|still locked/);
    expect(await during).toEqual({ exitCode: 0 });
    expect(out).toBe('running\n');
    const after = await lockRun(dir, { waitMs: 2000 });
    await after.release();
  });

  it('reports a shell that cannot start', async () => {
    const ex = new LocalExecutor({ shells: { bash: '/nonexistent/bash' } });
    const r = await ex.run(action('true'), ctx().c);
    expect(r.exitCode).toBeNull();
    expect(r.error).toMatch(/cannot start \/nonexistent\/bash: .*ENOENT/);
  });
});
