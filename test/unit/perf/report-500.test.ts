// The benchmark's 500-step run (bench/report-fixture.ts) signed through the real Chromium
// renderer with the lighter print page (running header and footer as page-margin boxes, steps
// not laid out for a screen, one browser context for every document): read back with
// pdftotext, the PDF still states every step in order with its times, outcome, note, command
// output excerpt and evidence hash; every page carries its running header and footer; a step
// is never split across pages and an output excerpt never is; the signatures verify (ours
// and poppler's) and a changed byte is still caught.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigRun, PER, PHASES } from '../../../bench/report-fixture';
import { ChromiumPdfRenderer } from '../../../cli/pdf-chromium';
import { initIdentity, keysDirOf, unlockIdentity } from '../../../core/keys/identity';
import { utc } from '../../../core/report/html-format';
import { makeReport, type SignedReport } from '../../../core/report/make-report';
import { verifyReport } from '../../../core/report/verify';

const renderer = new ChromiumPdfRenderer();
let base: string;
let runDir: string;
let file: string;
let report: SignedReport;
/** pdftotext -layout, one entry per page (poppler ends each page with a form feed). */
let pages: string[];

const pdftotext = (pdf: string) => spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8', timeout: 60_000 }).stdout;
const pdfsig = (pdf: string) => spawnSync('pdfsig', [pdf], { encoding: 'utf8', timeout: 60_000 }).stdout;
/** The page (0-based) whose text matches `re`; -1 if none, and it must be on one page only. */
function pageOf(re: RegExp): number {
  const hits = pages.flatMap((p, i) => (re.test(p) ? [i] : []));
  expect(hits.length, `${re} should be on exactly one page`).toBeLessThanOrEqual(1);
  return hits[0] ?? -1;
}

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'drillbook-report-500-'));
  const run = await bigRun(base);
  runDir = run.runDir;
  await initIdentity(keysDirOf(run.dataDir), { name: 'Bench Signer', passphrase: 'bench', now: new Date() });
  const identity = await unlockIdentity(keysDirOf(run.dataDir), 'bench');
  report = await makeReport({ runDir, identity, renderer, now: new Date(), timeZone: 'Europe/Berlin' });
  file = path.join(base, 'report.pdf');
  await writeFile(file, report.pdf);
  pages = pdftotext(file).split('\f').slice(0, -1);
}, 180_000);

afterAll(async () => {
  await renderer.close();
  await rm(base, { recursive: true, force: true });
});

describe('the 500-step signed report', () => {
  it('states every step, in order, with its times, outcome, note, output excerpt and evidence hash', () => {
    const text = pages.join('\n');
    expect(report.model.steps).toHaveLength(PHASES * PER);
    // Each step's block: from its title to the next step's title (the last one's: to the next section).
    let from = text.search(/^\s*Steps\s*$/m);
    const starts = report.model.steps.map((s) => {
      const at = text.indexOf(`${s.title} ${s.id}`, from + 1);
      expect(at, `step ${s.id} is in the PDF, after the step before it`).toBeGreaterThan(from);
      return (from = at);
    });
    starts.push(text.indexOf('Deviations and follow-ups', from));
    report.model.steps.forEach((s, i) => {
      // One space for any run of whitespace: pdftotext -layout wraps long cells.
      const block = text.slice(starts[i], starts[i + 1]).replace(/\s+/g, ' ');
      expect(block).toMatch(s.state === 'skipped' ? /SKIPPED/ : /DONE/);
      // The times as UTC (the date once, then the clock time of each end).
      const at = utc(s.state === 'skipped' ? (s.end ?? s.at) : s.start);
      expect(block).toContain(at.slice(11, 19));
      if (s.state === 'skipped') expect(block).toContain('not applicable in this drill');
      else if (!s.attempts.length) expect(block).toMatch(new RegExp(`done ${s.id}\\b`));
      for (const a of s.attempts)
        for (const h of a.hosts) {
          expect(block).toContain(`${s.id} output line 0`);
          expect(block).toContain(`${s.id} output line 399`);
          expect(block).toContain('exit code 0');
          expect(text).toContain(h.evidence.sha256);
        }
    });
  });

  it('every page carries the running header and footer with its number', () => {
    const { runId } = report.record;
    expect(pages.length).toBeGreaterThan(50);
    pages.forEach((p, i) => {
      expect(p).toContain('Five hundred steps — big@1.0.0');
      expect(p).toContain(`run ${runId} · page ${i + 1}/${pages.length}`);
      expect(p).toMatch(/Signed by Bench Signer · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    });
  });

  it('never splits a short step, nor an output excerpt, across pages', () => {
    for (const s of report.model.steps) {
      if (s.attempts.length) {
        // A long step may break between rows, never inside its output excerpt's head or tail.
        expect(pageOf(new RegExp(`${s.id} output line 0\\b`))).toBe(pageOf(new RegExp(`${s.id} output line 7\\b`)));
        expect(pageOf(new RegExp(`${s.id} output line 392\\b`))).toBe(pageOf(new RegExp(`${s.id} output line 399\\b`)));
      } else if (s.state !== 'skipped') {
        const head = pageOf(new RegExp(`${s.title} ${s.id}\\b`));
        expect(head, `step ${s.id}`).toBeGreaterThanOrEqual(0);
        expect(pageOf(new RegExp(`done ${s.id}\\b`)), `step ${s.id} ends on the page it starts on`).toBe(head);
      }
    }
  });

  it('verifies (drillbook verify and pdfsig), and a changed byte is caught', async () => {
    const v = await verifyReport(report.pdf, { runDir });
    expect(v.checks.filter((c) => !c.ok)).toEqual([]);
    expect(v.ok).toBe(true);
    expect(pdfsig(file)).toContain('Signature is Valid.');

    // One byte of the printed page content (inside the signed range) changed.
    const changed = Buffer.from(report.pdf);
    const at = changed.indexOf('stream\n', 2000) + 20;
    changed[at] = changed[at]! ^ 0x01;
    const bad = await verifyReport(changed, { runDir });
    expect(bad.ok).toBe(false);
    expect(bad.checks.find((c) => c.name === 'pdf-signature')).toMatchObject({ ok: false, detail: expect.stringMatching(/changed/) });
    const badFile = `${file}.changed.pdf`;
    await writeFile(badFile, changed);
    expect(pdfsig(badFile)).not.toContain('Signature is Valid.');

    // One evidence file changed after signing: the report no longer matches the run.
    const evidence = path.join(runDir, report.record.evidence[0]!.file);
    await writeFile(evidence, (await readFile(evidence, 'utf8')).replace('output line 5', 'output line X'));
    const stale = await verifyReport(report.pdf, { runDir });
    expect(stale.ok).toBe(false);
    expect(stale.checks.some((c) => !c.ok && c.detail.includes(report.record.evidence[0]!.file))).toBe(true);
  }, 60_000);
});
