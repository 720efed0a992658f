// The report commands as the app calls them (core/api.ts through the Engine), with the real
// Chromium PdfRenderer and a temp data dir: identity created, the finished run previewed,
// signed and exported, verified against its folder, shown in the run list; then the refusals
// (no renderer, no/wrong passphrase, second identity) and the desktop app's kept passphrase.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { appendFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChromiumPdfRenderer } from '../../../cli/pdf-chromium';
import { dispatch, type EngineEvent } from '../../../core/api';
import { Engine } from '../../../core/engine';
import { memorySecretStore, type SecretStore } from '../../../core/secrets';
import { memorySettingsStore } from '../../../core/settings';
import { PASSPHRASE, pdftotext } from './cli-helpers';
import { buildRun, type BuiltRun } from './run-fixture';

let base: string;
let run: BuiltRun;
const renderer = new ChromiumPdfRenderer();
let engine: Engine;
const events: EngineEvent[] = [];
const NOW = new Date('2026-11-23T12:00:00.000Z');

/** Like the hosts: validated by the contract first, then the engine. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are checked by the assertions; bad params are sent on purpose
const call = (method: string, params: unknown) => dispatch(engine, method, params) as Promise<any>;

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'drillbook-engine-report-'));
  run = await buildRun(base);
  engine = await Engine.create({
    dataDir: run.dataDir,
    runbookDirs: [],
    settings: memorySettingsStore(),
    now: () => NOW,
    pdfRenderer: renderer,
  });
  engine.on((e) => events.push(e));
});
afterAll(async () => {
  await engine.close();
  await renderer.close();
  await rm(base, { recursive: true, force: true });
});

describe('report commands with the real Chromium renderer', () => {
  it('keysStatus: no identity yet; this host does not keep passphrases', async () => {
    expect(await call('keysStatus', {})).toEqual({ exists: false, passphraseKept: false, canKeepPassphrase: false });
  });

  it('initKeys needs a passphrase here, then creates the identity in <dataDir>/keys', async () => {
    await expect(call('initKeys', { name: 'Jane Doe' })).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/passphrase is required/),
    });
    await expect(call('initKeys', { name: 'Jane Doe', passphrase: 'short' })).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/at least 8 characters/),
    });
    const status = await call('initKeys', { name: 'Jane Doe', org: 'ACME Corp', passphrase: PASSPHRASE });
    expect(status).toMatchObject({
      exists: true,
      name: 'Jane Doe',
      org: 'ACME Corp',
      certSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      passphraseKept: false,
    });
    expect(existsSync(path.join(run.dataDir, 'keys', 'identity.json'))).toBe(true);
    await expect(call('initKeys', { name: 'Other', passphrase: PASSPHRASE })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('previewReport: the unsigned report, marked, with no script', async () => {
    const { html } = await call('previewReport', { runId: run.runId, timeZone: 'Europe/Berlin' });
    expect(html).toContain('PostgreSQL restore &lt;drill &amp; test&gt;');
    expect(html).toContain('UNSIGNED PREVIEW — not valid as evidence');
    expect(html).toContain('Europe/Berlin');
    expect(html).not.toMatch(/<script/i);
    await expect(call('previewReport', { runId: run.runId, timeZone: 'Mars/Olympus' })).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/not a known time zone/),
    });
    await expect(call('previewReport', { runId: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(call('previewReport', { runId: '../keys' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('exportReport refuses without the passphrase and with a wrong one, saying which', async () => {
    await expect(call('exportReport', { runId: run.runId, actor: 'Jane Doe' })).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/passphrase of the signing key is required/),
    });
    const wrong = call('exportReport', { runId: run.runId, actor: 'Jane Doe', passphrase: 'not the passphrase' });
    await expect(wrong).rejects.toMatchObject({ code: 'bad_request', message: expect.stringMatching(/^wrong passphrase/) });
    await expect(wrong).rejects.not.toMatchObject({ message: expect.stringContaining('not the passphrase') });
    expect(await readdir(path.join(run.runDir, 'reports')).catch(() => [])).toEqual([]);
  });

  it('exportReport signs, keeps the PDF with the run and tells listeners', async () => {
    const started = performance.now();
    const out = await call('exportReport', { runId: run.runId, actor: 'Jane Doe', timeZone: 'Europe/Berlin', passphrase: PASSPHRASE });
    const status = await call('keysStatus', {});
    expect(out).toEqual({
      file: path.join(run.runDir, 'reports', `${run.runId}-20261123T120000Z.pdf`),
      generatedAt: NOW.toISOString(),
      recordSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      signer: { name: 'Jane Doe', org: 'ACME Corp', certSha256: status.certSha256 },
      // Browser mode offers it as a download: the very bytes kept with the run.
      pdfBase64: expect.any(String),
    });
    expect(Buffer.from(out.pdfBase64, 'base64').equals(readFileSync(out.file))).toBe(true);
    console.log(`exportReport through the engine: ${Math.round(performance.now() - started)} ms`);
    expect(existsSync(out.file)).toBe(true);
    const text = pdftotext(out.file);
    expect(text).toContain('PostgreSQL restore <drill & test>');
    expect(text).toContain('Signed by');
    expect(text).not.toContain('UNSIGNED PREVIEW');
    expect(text).toContain(out.recordSha256.slice(0, 16));
    expect(events).toContainEqual({ type: 'report.exported', runId: run.runId, file: out.file });
  });

  it('verifyRunReport: every check of the newest report holds against the run folder', async () => {
    const v = await call('verifyRunReport', { runId: run.runId });
    expect(v.file).toMatch(/reports\/.*\.pdf$/);
    expect(v.ok).toBe(true);
    expect(v.signer).toMatchObject({ name: 'Jane Doe', org: 'ACME Corp', selfSigned: true });
    const names = v.checks.map((c: { name: string }) => c.name);
    expect(names).toEqual(
      expect.arrayContaining(['pdf-signature', 'record-signature', 'signer', 'journal-chain', 'journal-head', 'runbook', 'evidence']),
    );
    expect(v.checks.every((c: { ok: boolean }) => c.ok)).toBe(true);
  });

  it('listRuns counts the signed reports', async () => {
    const [summary] = await call('listRuns', {});
    expect(summary).toMatchObject({ runId: run.runId, status: 'completed', reports: 1 });
  });

  it('the passphrase is in no file of the data dir', async () => {
    const files = (await readdir(run.dataDir, { recursive: true, withFileTypes: true }))
      .filter((d) => d.isFile())
      .map((d) => path.join(d.parentPath, d.name));
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) expect((await readFile(f)).includes(Buffer.from(PASSPHRASE)), f).toBe(false);
  });

  it('verifyRunReport fails, naming the file, once an evidence file is changed', async () => {
    await appendFile(run.evidenceFile, 'x');
    const v = await call('verifyRunReport', { runId: run.runId });
    expect(v.ok).toBe(false);
    const bad = v.checks.filter((c: { ok: boolean }) => !c.ok);
    expect(bad).toEqual([expect.objectContaining({ name: 'evidence', detail: expect.stringContaining(path.basename(run.evidenceFile)) })]);
    // And no new report is signed over evidence that no longer matches.
    await expect(call('exportReport', { runId: run.runId, actor: 'Jane Doe', passphrase: PASSPHRASE })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/refusing to sign/),
    });
  });
});

describe('hosts without a renderer, and the desktop app keeping the passphrase', () => {
  it('without a PdfRenderer, exportReport says so (preview still works)', async () => {
    const other = await Engine.create({ dataDir: run.dataDir, runbookDirs: [], settings: memorySettingsStore(), now: () => NOW });
    try {
      await expect(dispatch(other, 'exportReport', { runId: run.runId, actor: 'Jane Doe', passphrase: PASSPHRASE })).rejects.toMatchObject({
        code: 'invalid_state',
        message: expect.stringMatching(/cannot make PDFs/),
      });
      expect(await dispatch(other, 'previewReport', { runId: run.runId })).toMatchObject({ html: expect.stringContaining('<h1>') });
    } finally {
      await other.close();
    }
  });

  it('with a persistent SecretStore: a random passphrase is made, kept, and used without asking', async () => {
    const fresh = await buildRun(await mkdtemp(path.join(base, 'kept-')));
    const store = memorySecretStore();
    const secrets: SecretStore = { ...store, persistent: true };
    const desk = await Engine.create({
      dataDir: fresh.dataDir,
      runbookDirs: [],
      settings: memorySettingsStore(),
      now: () => NOW,
      pdfRenderer: renderer,
      secrets,
    });
    try {
      expect(await dispatch(desk, 'keysStatus', {})).toMatchObject({ exists: false, canKeepPassphrase: true, passphraseKept: false });
      const status = (await dispatch(desk, 'initKeys', { name: 'Desk Top' })) as { certSha256: string; passphraseKept: boolean };
      expect(status.passphraseKept).toBe(true);
      const kept = JSON.parse((await store.get('signing.passphrase'))!) as { certSha256: string; passphrase: string };
      expect(kept.certSha256).toBe(status.certSha256);
      expect(kept.passphrase.length).toBeGreaterThanOrEqual(43);
      const out = (await dispatch(desk, 'exportReport', { runId: fresh.runId, actor: 'Desk Top' })) as {
        file: string;
        signer: { name: string };
      };
      expect(out.signer.name).toBe('Desk Top');
      expect(execFileSync('pdfsig', [out.file], { encoding: 'utf8' })).toMatch(/Signature Validation: Signature is Valid/);
      expect(await dispatch(desk, 'verifyRunReport', { runId: fresh.runId })).toMatchObject({ ok: true });
    } finally {
      await desk.close();
    }
  });

  it('when the store cannot keep it, a random passphrase is refused and no identity is left', async () => {
    const dataDir = await mkdtemp(path.join(base, 'nokeyring-'));
    const secrets: SecretStore = { ...memorySecretStore(), persistent: true, set: async () => Promise.reject(new Error('no OS keyring')) };
    const desk = await Engine.create({ dataDir, runbookDirs: [], settings: memorySettingsStore(), now: () => NOW, secrets });
    try {
      await expect(dispatch(desk, 'initKeys', { name: 'Desk Top' })).rejects.toMatchObject({
        code: 'invalid_state',
        message: expect.stringMatching(/no OS keyring.*choose a passphrase/),
      });
      expect(await dispatch(desk, 'keysStatus', {})).toMatchObject({ exists: false });
      // A chosen one still makes an identity; exports will ask for it.
      expect(await dispatch(desk, 'initKeys', { name: 'Desk Top', passphrase: PASSPHRASE })).toMatchObject({
        exists: true,
        passphraseKept: false,
      });
    } finally {
      await desk.close();
    }
  });
});
