// The run list's signed-report badge is the register's verdict, not "a PDF exists": a real run
// (the Engine, a command step with evidence), a real signed report (`drillbook keys init` +
// `drillbook report`, Chromium's PDF), the engine's listRuns (once its background checks are
// done) and the run list component rendered over it. One changed byte of evidence, or of the
// journal, and the run list says so; two folders claiming one run id are two rows, each told so.
import { execFileSync } from 'node:child_process';
import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SETTLED_MS } from '../../../core/register/evidence-hashes';
import { readProgramme } from '../../../core/register/programme';
import type { RunSummary } from '../../../core/run/run-contract';
import { RunsList } from '../../../renderer/features/library/RunsList';
import { createAppStore, StoreContext } from '../../../renderer/store';
import { fakeConnection } from '../../unit/renderer/fake-api';
import { listRunsOnce, signedRun, verdict } from './run-list-engine';

const fx = signedRun('drillbook-runlist-badge-');
const copyOf = fx.copyOf.bind(fx);

/** The run list once the engine has checked every report (the first listing says "checking"). */
const listRuns = listRunsOnce;

/** The run list as the app renders it (the row's text and its badge's tooltip). */
function rendered(runs: RunSummary[]): string {
  const store = createAppStore(fakeConnection('jane').conn);
  return renderToStaticMarkup(createElement(StoreContext.Provider, { value: store }, createElement(RunsList, { runs })));
}

/** What the register and `drillbook history` say of the same run folder. */
async function registerBadge(dataDir: string) {
  const p = await readProgramme({ dataDir, runbookDirs: [], now: new Date(), teamConfigured: false });
  return p.runs.find((r) => r.runId === fx.built.runId)?.report;
}

const flipByte = async (file: string, at: (bytes: Buffer) => number) => {
  const bytes = await readFile(file);
  const i = at(bytes);
  bytes[i] = bytes[i]! ^ 0x01;
  await writeFile(file, bytes);
};

describe('run list: signed-report badge', () => {
  it('a report signed here verifies: "✓ SIGNED REPORT", the same verdict as the register', async () => {
    const dataDir = await copyOf('intact');
    const [row] = await listRuns(dataDir);
    expect(row).toMatchObject({ runId: fx.built.runId, folder: fx.built.runId, reports: 1, report: { verifies: true, intact: true } });
    expect(row!.report).toEqual(await registerBadge(dataDir));
    const html = rendered([row!]);
    expect(html).toContain('✓ SIGNED REPORT');
    expect(html).not.toContain('DOES NOT VERIFY');
  }, 120_000);

  it('one changed byte of an evidence file: "✗ REPORT DOES NOT VERIFY" with the reason, as the register says', async () => {
    const evidence = path.relative(fx.built.runDir, fx.built.evidenceFile);
    const dataDir = await copyOf('evidence', (runDir) => flipByte(path.join(runDir, evidence), (b) => b.indexOf('restored chunk 7')));
    const [row] = await listRuns(dataDir);
    expect(row!.reports).toBe(1);
    expect(row!.report).toMatchObject({ verifies: false, intact: false });
    expect(verdict(row)!.detail).toMatch(/evidence/i);
    expect(row!.report).toEqual(await registerBadge(dataDir));
    const html = rendered([row!]);
    expect(html).not.toContain('✓ SIGNED REPORT');
    expect(html).toContain('✗ REPORT DOES NOT VERIFY');
    expect(html).toMatch(/title="[^"]*does not verify: [^"]*evidence/i);
  }, 120_000);

  it('an evidence byte changed after a listing, with size and mtime put back (touch -r): the next listing no longer verifies', async () => {
    const dataDir = await copyOf('settled');
    await new Promise((r) => setTimeout(r, SETTLED_MS + 200)); // settled: the verdict is kept
    expect((await listRuns(dataDir))[0]!.report).toMatchObject({ verifies: true });
    const file = path.join(dataDir, 'runs', fx.built.runId, path.relative(fx.built.runDir, fx.built.evidenceFile));
    execFileSync('touch', ['-r', file, `${file}.times`]);
    await new Promise((r) => setTimeout(r, 30)); // past the file times' granularity: the ctime moves
    await flipByte(file, (b) => b.indexOf('restored chunk 7'));
    execFileSync('touch', ['-r', `${file}.times`, file]);
    await rm(`${file}.times`);
    expect((await listRuns(dataDir))[0]!.report).toMatchObject({ verifies: false, intact: false });
  }, 120_000);

  it('a journal that cannot be trusted: no "✓ SIGNED REPORT"', async () => {
    const dataDir = await copyOf('journal', (runDir) =>
      flipByte(path.join(runDir, 'journal.jsonl'), (b) => b.indexOf('Declared in #inc-4711') + 'Declared '.length),
    );
    const [row] = await listRuns(dataDir);
    expect(row!.problem).toMatch(/journal/);
    expect(row!.report).toMatchObject({ verifies: false });
    expect(verdict(row)!.detail).toMatch(/^journal-chain: /);
    const html = rendered([row!]);
    expect(html).not.toContain('✓ SIGNED REPORT');
    expect(html).toContain('✗ REPORT DOES NOT VERIFY');
  }, 120_000);

  it('two folders claiming one run id: a row for each, keyed by folder, each told so; the copy links nowhere', async () => {
    const copy = `${fx.built.runId}-copy`;
    const dataDir = await copyOf('twice', (runDir) => cp(runDir, path.join(path.dirname(runDir), copy), { recursive: true }));
    expect((await readdir(path.join(dataDir, 'runs'))).sort()).toEqual([fx.built.runId, copy].sort());
    const rows = await listRuns(dataDir);
    expect(rows.map((r) => [r.runId, r.folder]).sort()).toEqual(
      [
        [fx.built.runId, fx.built.runId],
        [fx.built.runId, copy],
      ].sort(),
    );
    for (const r of rows)
      expect(r.problem).toContain(`2 run folders claim run id ${fx.built.runId} (${[fx.built.runId, copy].sort().join(', ')})`);
    expect(rows.find((r) => r.folder === copy)!.problem).toMatch(/this folder is a copy/);
    const html = rendered(rows);
    expect(html.match(/href="[^"]*"/g)).toEqual([`href="#/run/${fx.built.runId}"`]);
    expect(html).toContain(`data-folder="${copy}"`);
  }, 120_000);
});
