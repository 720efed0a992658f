// diffRunbooks and printChecklist as the app calls them: validated by the contract, served by
// the Engine over the bundled runbooks, with the real Chromium renderer; the kept PDF is read
// back with pdftotext.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChromiumPdfRenderer } from '../../../cli/pdf-chromium';
import { dispatch, type CommandName, type CommandOutputs } from '../../../core/api';
import { Engine } from '../../../core/engine';
import { memorySettingsStore } from '../../../core/settings';
import { pdftotext, root } from '../report/cli-helpers';

let base: string;
const renderer = new ChromiumPdfRenderer();
let engine: Engine;
let bare: Engine;
/** Like the hosts: validated by the contract first, then the engine. */
const call = <K extends CommandName>(e: Engine, method: K, params: unknown) => dispatch(e, method, params) as Promise<CommandOutputs[K]>;
const pitr = (v: string) => path.join(root, `runbooks/postgres-pitr-restore/postgres-pitr-restore-${v}.md`);

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'drillbook-compare-print-'));
  const runbookDirs = [path.join(root, 'runbooks')];
  engine = await Engine.create({ dataDir: path.join(base, 'a'), runbookDirs, settings: memorySettingsStore(), pdfRenderer: renderer });
  bare = await Engine.create({ dataDir: path.join(base, 'b'), runbookDirs, settings: memorySettingsStore() });
});
afterAll(async () => {
  await Promise.all([engine.close(), bare.close()]);
  await renderer.close();
  await rm(base, { recursive: true, force: true });
});

describe('diffRunbooks', () => {
  it('compares two library versions: the steps 2.1.0 added, with the files compared', async () => {
    const r = await call(engine, 'diffRunbooks', {
      from: { id: 'postgres-pitr-restore', version: '2.0.0' },
      to: { id: 'postgres-pitr-restore', version: '2.1.0' },
    });
    expect(r.diff.from).toMatchObject({ version: '2.0.0', file: pitr('2.0.0') });
    expect(r.diff.steps.flatMap((s) => (s.kind === 'added' ? [s.to.id] : []))).toEqual(['wal-rpo', 'verify-backup', 'amcheck']);
    expect(r.text.split('\n')[0]).toMatch(/^postgres-pitr-restore@2\.0\.0 .*→ postgres-pitr-restore@2\.1\.0 .*: 3 steps added/);
  });

  it('a version against itself is identical; an unknown version is not_found; bad input is refused', async () => {
    const same = { id: 'postgres-pitr-restore', version: '2.1.0' };
    expect((await call(engine, 'diffRunbooks', { from: same, to: same })).diff.identical).toBe(true);
    await expect(call(engine, 'diffRunbooks', { from: same, to: { ...same, version: '9.9.9' } })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(call(engine, 'diffRunbooks', { from: same })).rejects.toMatchObject({ code: 'bad_request' });
  });
});

describe('printChecklist', () => {
  it('keeps the PDF in <dataDir>/checklists/ and returns it; the footer carries the file SHA-256', async () => {
    const r = await call(engine, 'printChecklist', { id: 'postgres-pitr-restore', version: '2.0.0' });
    const sha = createHash('sha256')
      .update(await readFile(pitr('2.0.0')))
      .digest('hex');
    expect(r.file).toBe(path.join(base, 'a', 'checklists', 'postgres-pitr-restore@2.0.0-checklist.pdf'));
    expect(r.name).toBe('postgres-pitr-restore@2.0.0-checklist.pdf');
    expect(r.runbookSha256).toBe(sha);
    const kept = await readFile(r.file);
    expect(Buffer.from(r.pdfBase64, 'base64').equals(kept)).toBe(true);
    expect(r.bytes).toBe(kept.length);
    const text = pdftotext(r.file).replace(/\s+/g, ' ');
    expect(text).toContain(`postgres-pitr-restore@2.0.0 · SHA-256 ${sha}`);
    expect(text).toMatch(/Deadline T0 \+ 20m = _{8}/);
  });

  it('a host without a PDF renderer says so', async () => {
    await expect(call(bare, 'printChecklist', { id: 'postgres-pitr-restore', version: '2.1.0' })).rejects.toMatchObject({
      code: 'invalid_state',
      message: expect.stringMatching(/cannot make PDFs.*drillbook print/),
    });
  });
});
