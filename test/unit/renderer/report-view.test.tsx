// @vitest-environment jsdom
// The report screen and Settings → Signing identity against a stand-in engine: the preview stays
// inside a sandboxed srcdoc frame, the passphrase is asked only when the host does not keep it
// and never lands in the store, verify lists every check in words, the run list shows a badge.
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { KeysStatus, RunReportVerification, RunSummary } from '../../../core/api';
import { createAppStore } from '../../../renderer/store';
import { mountApp } from './mount-app';
import { fakeConnection } from './fake-api';

const PREVIEW =
  '<!DOCTYPE html><html><body><h1 id="preview-marker">Demo restore</h1><div class="verdict">UNSIGNED PREVIEW</div></body></html>';
const CERT = 'c'.repeat(64);
const RECORD = 'a'.repeat(64);

interface Script {
  keys: KeysStatus;
  verification?: RunReportVerification;
  runs?: RunSummary[];
}

async function mount(hash: string, script: Script) {
  window.location.hash = hash;
  const { conn, calls } = fakeConnection('jane');
  Object.assign(conn.api, {
    keysStatus: async () => script.keys,
    initKeys: async (i: { name: string; org?: string; passphrase?: string }) => {
      calls.push(['initKeys', i]);
      script.keys = {
        exists: true,
        name: i.name,
        ...(i.org ? { org: i.org } : {}),
        certSha256: CERT,
        passphraseKept: !i.passphrase,
        canKeepPassphrase: script.keys.canKeepPassphrase,
      };
      return script.keys;
    },
    previewReport: async (i: unknown) => (calls.push(['previewReport', i]), { html: PREVIEW }),
    exportReport: async (i: unknown) => {
      calls.push(['exportReport', i]);
      return {
        file: '/data/runs/r1/reports/r1-20260101T101000Z.pdf',
        generatedAt: '2026-01-01T10:10:00.000Z',
        recordSha256: RECORD,
        signer: { name: 'jane', org: 'ACME', certSha256: CERT },
      };
    },
    verifyRunReport: async (i: unknown) => {
      calls.push(['verifyRunReport', i]);
      if (!script.verification) throw new Error('run r1 has no signed report yet');
      return script.verification;
    },
    ...(script.runs ? { listRuns: async () => script.runs } : {}),
  });
  const store = createAppStore(conn);
  await mountApp(store);
  return { store, calls };
}

afterEach(cleanup);

const browserKeys: KeysStatus = {
  exists: true,
  name: 'jane',
  org: 'ACME',
  certSha256: CERT,
  passphraseKept: false,
  canKeepPassphrase: false,
};

describe('report screen', () => {
  it('shows the preview only inside a sandboxed srcdoc frame', async () => {
    const { calls } = await mount('#/run/r1/report', { keys: browserKeys });
    await screen.findByRole('heading', { name: 'Report: Demo restore' });
    const frame = (await screen.findByTitle('Unsigned report preview')) as HTMLIFrameElement;
    expect(frame.tagName).toBe('IFRAME');
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('srcdoc')).toBe(PREVIEW);
    expect(document.getElementById('preview-marker')).toBeNull(); // never in the app's DOM
    expect(calls.find(([m]) => m === 'previewReport')?.[1]).toMatchObject({ runId: 'r1' });
  });

  it('browser mode: asks the passphrase, sends it once, clears it, keeps it out of the store', async () => {
    const { store, calls } = await mount('#/run/r1/report', { keys: browserKeys });
    const form = await screen.findByRole('form', { name: 'Sign and export the report' });
    const field = within(form).getByLabelText('Passphrase of the signing key') as HTMLInputElement;
    expect(field.type).toBe('password');
    fireEvent.change(field, { target: { value: 'secret passphrase' } });
    await act(async () => void fireEvent.submit(form));
    const done = await screen.findByRole('status', { name: 'Signed report' });
    expect(done.textContent).toContain('/data/runs/r1/reports/r1-20260101T101000Z.pdf');
    expect(done.textContent).toContain('jane, ACME');
    expect(done.textContent).toContain(RECORD);
    expect(calls.filter(([m]) => m === 'exportReport')).toEqual([
      ['exportReport', expect.objectContaining({ runId: 'r1', actor: 'jane', passphrase: 'secret passphrase' })],
    ]);
    expect(field.value).toBe('');
    expect(JSON.stringify(store.getState())).not.toContain('secret passphrase');
  });

  it('desktop app with a kept passphrase: no field, no passphrase sent', async () => {
    const { calls } = await mount('#/run/r1/report', { keys: { ...browserKeys, passphraseKept: true, canKeepPassphrase: true } });
    const form = await screen.findByRole('form', { name: 'Sign and export the report' });
    expect(within(form).queryByLabelText('Passphrase of the signing key')).toBeNull();
    await act(async () => void fireEvent.click(within(form).getByRole('button', { name: 'Sign and export PDF' })));
    await screen.findByRole('status', { name: 'Signed report' });
    const [, input] = calls.find(([m]) => m === 'exportReport')!;
    expect(input).not.toHaveProperty('passphrase');
  });

  it('without an identity, points to Settings', async () => {
    await mount('#/run/r1/report', { keys: { exists: false, passphraseKept: false, canKeepPassphrase: false } });
    const link = await screen.findByRole('link', { name: /Create one in Settings/ });
    expect(link.getAttribute('href')).toBe('#/settings?section=identity&back=r1');
    expect(screen.queryByRole('button', { name: 'Sign and export PDF' })).toBeNull();
  });

  it('verify lists every check with ok or FAIL in words', async () => {
    const verification: RunReportVerification = {
      file: '/data/runs/r1/reports/r1.pdf',
      ok: false,
      signer: { name: 'jane', certSha256: CERT },
      signedAt: '2026-01-01T10:10:00.000Z',
      checks: [
        { name: 'pdf-signature', ok: true, detail: 'PAdES signature valid' },
        { name: 'evidence', ok: false, detail: 'outputs/x.log: SHA-256 differs' },
      ],
    };
    await mount('#/run/r1/report', { keys: browserKeys, verification });
    await act(async () => void fireEvent.click(await screen.findByRole('button', { name: 'Verify' })));
    await screen.findByText('NOT VALID: 1 of 2 checks failed.');
    const items = within(screen.getByRole('list', { name: 'Checks' })).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      '✓ ok pdf-signature PAdES signature valid',
      '✗ FAIL evidence outputs/x.log: SHA-256 differs',
    ]);
  });

  it('verify without a report says so', async () => {
    await mount('#/run/r1/report', { keys: browserKeys });
    await act(async () => void fireEvent.click(await screen.findByRole('button', { name: 'Verify' })));
    expect((await screen.findByText('run r1 has no signed report yet')).getAttribute('role')).toBe('alert');
  });
});

describe('Settings → Signing identity', () => {
  it('browser mode: name, organisation and the passphrase twice; a mismatch is caught first', async () => {
    const { calls } = await mount('#/settings', { keys: { exists: false, passphraseKept: false, canKeepPassphrase: false } });
    const form = await screen.findByRole('form', { name: 'Create a signing identity' });
    expect((within(form).getByLabelText('Signer name') as HTMLInputElement).value).toBe('jane');
    fireEvent.change(within(form).getByLabelText('Organisation (optional)'), { target: { value: 'ACME' } });
    fireEvent.change(within(form).getByLabelText('Passphrase'), { target: { value: 'long passphrase' } });
    fireEvent.change(within(form).getByLabelText('Passphrase again'), { target: { value: 'long passphrasE' } });
    await act(async () => void fireEvent.submit(form));
    expect(within(form).getByRole('alert').textContent).toBe('The two passphrases differ.');
    expect(calls.some(([m]) => m === 'initKeys')).toBe(false);
    fireEvent.change(within(form).getByLabelText('Passphrase again'), { target: { value: 'long passphrase' } });
    await act(async () => void fireEvent.submit(form));
    const status = await screen.findByRole('status', { name: 'Signing identity status' });
    expect(status.textContent).toContain(CERT);
    expect(status.textContent).toContain('asked each time you sign');
    expect(calls.filter(([m]) => m === 'initKeys')).toEqual([['initKeys', { name: 'jane', org: 'ACME', passphrase: 'long passphrase' }]]);
  });

  it('desktop app: the passphrase may be left empty (a random one is kept)', async () => {
    const { calls } = await mount('#/settings', { keys: { exists: false, passphraseKept: false, canKeepPassphrase: true } });
    const form = await screen.findByRole('form', { name: 'Create a signing identity' });
    expect(within(form).getByLabelText('Passphrase (optional)')).toBeTruthy();
    await act(async () => void fireEvent.submit(form));
    await waitFor(() => expect(calls.filter(([m]) => m === 'initKeys')).toEqual([['initKeys', { name: 'jane' }]]));
    expect((await screen.findByRole('status', { name: 'Signing identity status' })).textContent).toContain(
      'kept by this app in the OS keychain',
    );
  });
});

describe('run list', () => {
  it('shows "✓ SIGNED REPORT" only on a run whose newest report verifies', async () => {
    const base: RunSummary = {
      runId: 'r1',
      folder: 'r1',
      runbook: { id: 'demo', version: '1.0.0', title: 'Demo restore', sha256: 'f'.repeat(64) },
      mode: 'drill',
      t0: '2026-01-01T10:00:00.000Z',
      startedAt: '2026-01-01T10:01:00.000Z',
      status: 'completed',
      stepsDone: 3,
      stepsTotal: 3,
      reports: 2,
      report: { file: 'reports/r1-b.pdf', verifies: true, intact: true, detail: 'verified: pdf-signature, record-signature' },
      outcome: {
        result: 'recovered',
        counts: { total: 3, done: 3, skipped: 0, skippedAfterFailure: 0, overridden: 0, failed: 0, notDone: 0 },
        reasons: [],
        final: true,
      },
    };
    await mount('#/', {
      keys: browserKeys,
      runs: [
        base,
        { ...base, runId: 'r2', folder: 'r2', runbook: { ...base.runbook, title: 'Other drill' }, reports: 0, report: undefined },
        {
          ...base,
          runId: 'r3',
          folder: 'r3',
          reports: 1,
          report: { file: 'reports/r3-a.pdf', verifies: false, intact: false, detail: 'evidence: outputs/x.log changed' },
        },
      ],
    });
    const badge = await screen.findByText('✓ SIGNED REPORT');
    expect(badge.getAttribute('title')).toBe(
      '2 signed reports kept with this run; the newest, reports/r1-b.pdf, verifies: verified: pdf-signature, record-signature',
    );
    expect(screen.getAllByText('✓ SIGNED REPORT')).toHaveLength(1);
    expect(screen.getByText('✗ REPORT DOES NOT VERIFY').getAttribute('title')).toMatch(
      /does not verify: evidence: outputs\/x\.log changed$/,
    );
  });
});
