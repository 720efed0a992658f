// A pinned runbook the parse worker cannot finish within its budget (here 1 ms, so every parse
// runs out): the bytes the run started with parsed then, so the run still opens (parsed on this
// thread); a runbook.md changed since is refused with the budget's message, never parsed here.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';

process.env.DRILLBOOK_PARSE_BUDGET_MS = '1';
const { sha256Hex } = await import('../../../core/run/chain');
const { PINNED_RUNBOOK, readPinned } = await import('../../../core/run/run-store');
(await import('../../../core/runbook/parse-pool')).warmParseWorker(); // as a library scan does

const base = await mkdtemp(path.join(os.tmpdir(), 'drillbook-pinned-budget-'));
afterAll(() => rm(base, { recursive: true, force: true }));

// 400 steps: far more than 1 ms of parsing.
const big = (title: string) =>
  `---\nid: big\ntitle: ${title}\nversion: 1.0.0\n---\n\n# Go {budget=10m}\n\n${Array.from({ length: 400 }, (_, i) => `- [ ] Step ${i} {id=s${i}}\n`).join('')}`;

it('opens a run whose unchanged runbook ran out the budget; refuses a changed one', async () => {
  const dir = path.join(base, 'run');
  await mkdir(dir);
  const text = big('Big');
  await writeFile(path.join(dir, PINNED_RUNBOOK), text);
  const pinned = { id: 'big', version: '1.0.0', title: 'Big', sha256: sha256Hex(Buffer.from(text)) };
  const r = await readPinned(dir, pinned);
  expect(r.runbook.phases[0]!.steps).toHaveLength(400);
  expect(r.problem).toBeUndefined();

  await writeFile(path.join(dir, PINNED_RUNBOOK), big('Big, edited'));
  await expect(readPinned(dir, pinned)).rejects.toThrow(
    `${path.join(dir, PINNED_RUNBOOK)}:1:1: took longer than 0.001 s to parse, so it was stopped`,
  );
  // Each stopped parse starts a fresh worker: on a loaded 2-CPU machine that alone took 5 s.
}, 30_000);
