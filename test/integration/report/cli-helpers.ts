// Run the real `drillbook` CLI (sources through tsx) and poppler's tools, as an auditor would.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

export const PASSPHRASE = 'correct horse battery staple 42';

export interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function drillbook(args: string[], env: Record<string, string> = {}): Result {
  const r = spawnSync(tsx, ['cli/main.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, DRILLBOOK_PASSPHRASE: PASSPHRASE, ...env },
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tool(cmd: string, args: string[]): Result {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const pdftotext = (file: string) => tool('pdftotext', ['-layout', file, '-']).stdout;
/** pdfsig exits 0 whatever it finds: the verdict is in its output. */
export const pdfsig = (file: string) => tool('pdfsig', [file]).stdout;
