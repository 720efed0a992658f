// `drillbook serve` as a real process (as test/unit/cli/serve.test.ts starts it) and a
// minimal client for its WebSocket contract: call a command, get its result or its error.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';

const root = path.resolve(import.meta.dirname, '../../..');

export interface Served {
  child: ChildProcess;
  call<T = unknown>(method: string, params: object): Promise<T>;
  close(): void;
}

export async function serve(dataDir: string, runbooksDir: string): Promise<Served> {
  // node --import tsx, not the tsx launcher: one process, so SIGKILL reaches the engine itself.
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'serve', '--no-open', '--port', '0', '--data-dir', dataDir], {
    cwd: root,
    env: { ...process.env, DRILLBOOK_RUNBOOKS: runbooksDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`drillbook serve printed no URL within 30 s: ${stderr}`)), 30_000);
    createInterface({ input: child.stdout! }).once('line', (l) => (clearTimeout(timer), resolve(l)));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  // The printed URL carries the token after #; the WebSocket takes it as a subprotocol entry.
  const printed = new URL(url);
  const token = new URLSearchParams(printed.hash.slice(1)).get('token') ?? '';
  const ws = new WebSocket(`ws://${printed.host}/ws`, ['drillbook.v1', `drillbook.token.${token}`], { origin: `http://${printed.host}` });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  ws.on('message', (d) => {
    const m = JSON.parse(String(d)) as {
      kind: string;
      id: number;
      ok: boolean;
      result?: unknown;
      error?: { code: string; message: string };
    };
    if (m.kind !== 'response') return;
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.ok) p?.resolve(m.result);
    else p?.reject(Object.assign(new Error(m.error!.message), { code: m.error!.code }));
  });
  let next = 1;
  return {
    child,
    call: <T>(method: string, params: object) =>
      new Promise<T>((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        ws.send(JSON.stringify({ id, method, params }));
      }),
    close: () => {
      ws.terminate();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** SIGKILL the server and wait until it is gone. */
export function killServer(s: Served): Promise<void> {
  s.close();
  return new Promise((resolve) =>
    s.child.exitCode !== null || s.child.signalCode !== null ? resolve() : s.child.once('exit', () => resolve()),
  );
}
