// @vitest-environment jsdom
// The S3 parts of the UI against a fake engine: the Settings section (block saved whole, keys
// write-only, per-bucket test results with what failed), the library's sync line and Pull
// (disabled with "Pulling…" while it runs; a failure shown in place).
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PullResult } from '../../../core/api';
import { createAppStore } from '../../../renderer/store';
import { mountApp } from './mount-app';
import { fakeConnection } from './fake-api';

async function mount(hash: string, script: (f: ReturnType<typeof fakeConnection>) => void = () => {}) {
  window.location.hash = hash;
  const fake = fakeConnection();
  script(fake);
  const store = createAppStore(fake.conn);
  await mountApp(store);
  return { ...fake, store };
}

afterEach(cleanup);

describe('S3 settings', () => {
  it('saves the block, stores keys write-only, and shows per-bucket test results with what failed', async () => {
    const { calls, s3 } = await mount('#/settings');
    const form = screen.getByRole('form', { name: 'S3 settings' });
    fireEvent.change(within(form).getByLabelText('Region'), { target: { value: 'us-east-1' } });
    fireEvent.change(within(form).getByLabelText(/Endpoint/), { target: { value: 'http://127.0.0.1:9000' } });
    fireEvent.change(within(form).getByLabelText('Runbook library location'), { target: { value: 's3://dr-runbooks/prod/' } });
    fireEvent.change(within(form).getByLabelText('Run archive location'), { target: { value: 's3://dr-evidence/x/' } });
    // With an endpoint, path-style is on by default (and so not written out).
    expect((within(form).getByLabelText(/Path-style/) as HTMLInputElement).checked).toBe(true);
    await act(async () => void fireEvent.click(within(form).getByRole('button', { name: 'Save S3 settings' })));
    expect(calls).toContainEqual([
      'updateSettings',
      { s3: { region: 'us-east-1', endpoint: 'http://127.0.0.1:9000', library: 's3://dr-runbooks/prod/', archive: 's3://dr-evidence/x/' } },
    ]);
    expect(await within(form).findByText('Saved.')).toBeTruthy();
    expect((within(form).getByRole('button', { name: 'Save S3 settings' }) as HTMLButtonElement).disabled).toBe(true);

    const keys = screen.getByRole('form', { name: 'Access keys' });
    expect(within(keys).getByRole('status').textContent).toMatch(/^Keys: not stored/);
    const secret = within(keys).getByLabelText('Secret access key') as HTMLInputElement;
    expect(secret.type).toBe('password');
    fireEvent.change(within(keys).getByLabelText('Access key ID'), { target: { value: 'S3RVER' } });
    fireEvent.change(secret, { target: { value: 'TOP-SECRET' } });
    await act(async () => void fireEvent.click(within(keys).getByRole('button', { name: 'Store keys' })));
    expect(calls).toContainEqual(['setS3Credentials', { accessKeyId: 'S3RVER', secretAccessKey: 'TOP-SECRET' }]);
    await waitFor(() => expect(within(keys).getByRole('status').textContent).toBe('Keys: stored (in memory until Drillbook stops)'));
    expect(secret.value).toBe('');
    expect(document.body.textContent).not.toContain('TOP-SECRET');

    s3.report = {
      ok: false,
      endpoint: 'http://127.0.0.1:9000',
      checks: [
        {
          target: 'library',
          url: 's3://dr-runbooks/prod/',
          ok: true,
          message: 's3://dr-runbooks/prod/: reachable, signed in, listing allowed',
          ms: 12,
        },
        {
          target: 'archive',
          url: 's3://dr-evidence/x/',
          ok: false,
          kind: 'no-bucket',
          message: 'bucket "dr-evidence" does not exist at http://127.0.0.1:9000 (NoSuchBucket)',
          ms: 7,
        },
      ],
    };
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Test connection' })));
    const checks = await screen.findByRole('list', { name: 'Connection checks' });
    const [lib, arch] = within(checks).getAllByRole('listitem');
    expect(lib!.textContent).toMatch(/library s3:\/\/dr-runbooks\/prod\/: OK — .*\(12 ms\)/);
    expect(arch!.textContent).toMatch(/archive s3:\/\/dr-evidence\/x\/: bucket missing — bucket "dr-evidence" does not exist.*\(7 ms\)/);
    expect(screen.getByText(/1 of 2 failed/)).toBeTruthy();
  });

  it('Test connection saves unsaved edits first, then tests', async () => {
    const { calls } = await mount('#/settings');
    const form = screen.getByRole('form', { name: 'S3 settings' });
    fireEvent.change(within(form).getByLabelText('Region'), { target: { value: 'eu-west-1' } });
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Test connection' })));
    expect(calls.map((c) => c[0])).toEqual(['updateSettings', 's3TestConnection']);
  });
  it('path-style follows the endpoint until set by hand; only an override is saved; Remove sends null', async () => {
    const { calls } = await mount('#/settings');
    const form = screen.getByRole('form', { name: 'S3 settings' });
    const pathStyle = within(form).getByLabelText(/Path-style/) as HTMLInputElement;
    fireEvent.change(within(form).getByLabelText('Region'), { target: { value: 'eu-west-1' } });
    expect(pathStyle.checked).toBe(false);
    fireEvent.change(within(form).getByLabelText(/Endpoint/), { target: { value: 'https://minio.internal:9000' } });
    expect(pathStyle.checked).toBe(true);
    fireEvent.click(pathStyle);
    fireEvent.change(within(form).getByLabelText(/Endpoint/), { target: { value: 'https://minio.internal:9001' } });
    expect(pathStyle.checked).toBe(false);
    await act(async () => void fireEvent.click(within(form).getByRole('button', { name: 'Save S3 settings' })));
    expect(calls.at(-1)).toEqual([
      'updateSettings',
      { s3: { region: 'eu-west-1', endpoint: 'https://minio.internal:9001', path_style: false } },
    ]);
    await act(async () => void fireEvent.click(await within(form).findByRole('button', { name: 'Remove S3 settings' })));
    expect(calls.at(-1)).toEqual(['updateSettings', { s3: null }]);
    expect((within(form).getByLabelText('Region') as HTMLInputElement).value).toBe('');
  });
});

describe('library sync', () => {
  it('"never synced" until a pull; Pull is disabled with "Pulling…" while it runs, then the line updates', async () => {
    let finish!: (r: PullResult) => void;
    const { s3 } = await mount('#/', (f) => {
      f.s3.sync = { count: 0, stale: true, configured: true };
      f.s3.pull = new Promise<PullResult>((r) => (finish = r));
    });
    expect(await screen.findByText('Library never synced')).toBeTruthy();
    const pull = screen.getByRole('button', { name: 'Pull from S3' });
    await act(async () => void fireEvent.click(pull));
    const busy = screen.getByRole('button', { name: 'Pulling…' }) as HTMLButtonElement;
    expect(busy.disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Publish…' }) as HTMLButtonElement).disabled).toBe(true);
    s3.sync = {
      count: 1,
      stale: false,
      configured: true,
      lastSync: '2026-01-01T07:00:00.000Z',
      ageMs: 3 * 3_600_000 + 60_000,
      source: 's3://dr-runbooks/prod/',
    };
    await act(async () =>
      finish({
        source: 's3://dr-runbooks/prod/',
        dir: '/x',
        listed: 1,
        downloaded: 1,
        unchanged: 0,
        removed: [],
        rejected: [],
        count: 1,
        lastSync: '2026-01-01T07:00:00.000Z',
        warnings: [],
      }),
    );
    expect(await screen.findByText('Library synced 3h ago')).toBeTruthy();
    expect(screen.getByText(/Pulled 1 version from/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Pull from S3' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('a stale sync says so; a failed pull shows the engine message in place', async () => {
    await mount('#/', (f) => {
      f.s3.sync = {
        count: 4,
        stale: true,
        configured: true,
        lastSync: '2025-12-30T07:00:00.000Z',
        ageMs: 50 * 3_600_000,
        source: 's3://dr-runbooks/prod/',
      };
      f.s3.pull = new Error('connection refused by http://127.0.0.1:9000: is the S3 endpoint running and the port right?');
    });
    expect(await screen.findByText('Library synced 2 days ago (stale)')).toBeTruthy();
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Pull from S3' })));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Pull failed: connection refused by http://127.0.0.1:9000: is the S3 endpoint running and the port right?',
    );
  });

  it('without S3: no S3 buttons, a pointer to Settings', async () => {
    await mount('#/');
    expect(await screen.findByRole('link', { name: 'set up S3' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Pull from S3' })).toBeNull();
  });
});
