// Test helper: run a script through SshExecutor and collect what a step runner would record.
import type { ExecResult } from '../../../core/exec/executor';
import type { SshExecutor } from '../../../core/exec/ssh/ssh.executor';

export interface Collected extends ExecResult {
  stdout: string;
  stderr: string;
  ms: number;
}

export async function runScript(
  exec: SshExecutor,
  host: string,
  script: string,
  opts: { timeoutMs?: number; signal?: AbortSignal; lang?: 'bash' | 'sh' } = {},
): Promise<Collected> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const t0 = Date.now();
  const r = await exec.run(
    { script, ...(opts.lang ? { lang: opts.lang } : {}) },
    {
      host,
      timeoutMs: opts.timeoutMs ?? 20_000,
      signal: opts.signal ?? new AbortController().signal,
      onOutput: (s, chunk) => (s === 'stdout' ? out : err).push(chunk),
    },
  );
  return { ...r, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), ms: Date.now() - t0 };
}
