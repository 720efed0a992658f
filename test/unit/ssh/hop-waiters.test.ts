// The attempts waiting for one SSH connection still being opened: a question it raises pauses
// every waiter's deadline (also one that joins while it is open); one attempt ending does not
// give the connection up while another still waits; the last one ending does, which aborts the
// scope that withdraws the connection's questions.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Client } from 'ssh2';
import { HopWaiters, type ConnectWaiter } from '../../../core/exec/ssh/hop-waiters';
import { pausableTimer } from '../../../core/exec/ssh/pausable-timer';

function waiter() {
  const ended = new AbortController();
  const log: string[] = [];
  const w: ConnectWaiter = { signal: ended.signal, onPromptStart: () => log.push('pause'), onPromptEnd: () => log.push('resume') };
  return { w, log, end: () => ended.abort() };
}

function opening() {
  let resolve!: (c: Client) => void;
  const p = new Promise<Client>((r) => (resolve = r));
  return { p, resolve };
}

describe('HopWaiters', () => {
  it('a question pauses every waiter, one joining while it is open too; it resumes them when it closes', async () => {
    const hop = new HopWaiters();
    const o = opening();
    const a = waiter();
    const got = hop.wait(o.p, a.w);
    hop.scope.onPromptStart();
    const b = waiter();
    void hop.wait(o.p, b.w);
    expect(a.log).toEqual(['pause']);
    expect(b.log).toEqual(['pause']);
    hop.scope.onPromptEnd();
    expect(a.log).toEqual(['pause', 'resume']);
    expect(b.log).toEqual(['pause', 'resume']);
    const client = {} as Client;
    o.resolve(client);
    expect(await got).toBe(client);
    expect(hop.scope.signal.aborted).toBe(false);
  });

  it('the connection is given up only when the last waiter has ended', async () => {
    const hop = new HopWaiters();
    const o = opening();
    const a = waiter();
    const b = waiter();
    const ga = hop.wait(o.p, a.w);
    const gb = hop.wait(o.p, b.w);
    hop.scope.onPromptStart();
    a.end();
    await expect(ga).rejects.toThrow('the step ended before its connection was open');
    // The one that left is balanced (its deadline is no longer paused by this connection)...
    expect(a.log).toEqual(['pause', 'resume']);
    // ...and the question stays for the attempt still waiting.
    expect(hop.scope.signal.aborted).toBe(false);
    b.end();
    await expect(gb).rejects.toThrow();
    expect(hop.scope.signal.aborted).toBe(true);
  });

  it('a caller without a signal keeps the connection wanted; an ended attempt does not even join', async () => {
    const hop = new HopWaiters();
    const o = opening();
    const a = waiter();
    void hop.wait(o.p, undefined);
    const ga = hop.wait(o.p, a.w);
    a.end();
    await expect(ga).rejects.toThrow();
    expect(hop.scope.signal.aborted).toBe(false);
    const late = waiter();
    late.end();
    await expect(hop.wait(o.p, late.w)).rejects.toThrow();
    expect(late.log).toEqual([]);
  });
});

describe('pausableTimer', () => {
  afterEach(() => vi.useRealTimers());

  it('does not count time while paused (nested), then fires with what was left', () => {
    vi.useFakeTimers();
    const fired = vi.fn();
    const t = pausableTimer(1_000, fired);
    vi.advanceTimersByTime(600);
    t.pause();
    t.pause();
    vi.advanceTimersByTime(60_000);
    t.resume();
    vi.advanceTimersByTime(60_000);
    expect(fired).not.toHaveBeenCalled();
    t.resume();
    vi.advanceTimersByTime(399);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('cleared, it never fires, even when a late resume comes', () => {
    vi.useFakeTimers();
    const fired = vi.fn();
    const t = pausableTimer(100, fired);
    t.pause();
    t.clear();
    t.resume();
    vi.advanceTimersByTime(1_000);
    expect(fired).not.toHaveBeenCalled();
  });
});

describe('pausableTimer once fired', () => {
  afterEach(() => vi.useRealTimers());

  it('fires once: a pause and resume after it starts nothing', () => {
    vi.useFakeTimers();
    const fired = vi.fn();
    const t = pausableTimer(100, fired);
    vi.advanceTimersByTime(100);
    t.pause();
    t.resume();
    vi.advanceTimersByTime(1_000);
    expect(fired).toHaveBeenCalledTimes(1);
  });
});
