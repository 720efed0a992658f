// @vitest-environment jsdom
// A changed S3 endpoint or bucket is where pulled runbooks (commands) come from: saving one asks
// first, naming old and new; nothing is saved until confirmed.
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppStore } from '../../../renderer/store';
import { locationChanges } from '../../../renderer/features/settings/S3LocationChange';
import { fakeConnection } from './fake-api';
import { mountApp } from './mount-app';

afterEach(cleanup);

async function configured() {
  window.location.hash = '#/settings';
  const fake = fakeConnection();
  await mountApp(createAppStore(fake.conn));
  const form = screen.getByRole('form', { name: 'S3 settings' });
  const set = (label: RegExp | string, value: string) => fireEvent.change(within(form).getByLabelText(label), { target: { value } });
  const save = () => act(async () => void fireEvent.click(within(form).getByRole('button', { name: 'Save S3 settings' })));
  set('Region', 'eu-west-1');
  set(/Endpoint/, 'https://minio.internal:9000');
  set('Runbook library location', 's3://dr-runbooks/prod/');
  await save(); // first set-up: nothing to confirm
  expect(fake.calls.filter((c) => c[0] === 'updateSettings')).toHaveLength(1);
  return { ...fake, set, save };
}

describe('S3 settings: a new endpoint or bucket is confirmed', () => {
  it('names old and new endpoint; Cancel saves nothing, confirming saves', async () => {
    const { calls, set, save } = await configured();
    set(/Endpoint/, 'https://evil.example:9000');
    await save();
    const dialog = screen.getByRole('dialog', { name: 'Change where runbooks come from?' });
    expect(within(dialog).getByRole('list', { name: 'Location changes' }).textContent).toBe(
      'Endpoint: https://minio.internal:9000 → https://evil.example:9000',
    );
    await act(async () => void fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' })));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls.filter((c) => c[0] === 'updateSettings')).toHaveLength(1);

    await save();
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Save the new location' })));
    expect(calls.at(-1)).toEqual([
      'updateSettings',
      { s3: { region: 'eu-west-1', endpoint: 'https://evil.example:9000', library: 's3://dr-runbooks/prod/' } },
    ]);
  });

  it('asks for a new library bucket, not for a new prefix in the same bucket or another field', async () => {
    const { calls, set, save } = await configured();
    set('Runbook library location', 's3://dr-runbooks/staging/');
    set('AWS profile (optional)', 'dr');
    await save();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls.filter((c) => c[0] === 'updateSettings')).toHaveLength(2);
    set('Runbook library location', 's3://someone-elses-bucket/prod/');
    await save();
    expect(screen.getByRole('list', { name: 'Location changes' }).textContent).toBe(
      'Runbook library bucket: dr-runbooks → someone-elses-bucket',
    );
  });
});

describe('locationChanges', () => {
  it('compares endpoint and the buckets of library and archive', () => {
    expect(locationChanges(undefined, { region: 'r', endpoint: 'https://x' })).toEqual([]);
    expect(locationChanges({ region: 'r' }, { region: 'r', endpoint: 'https://x' })).toEqual([
      { what: 'Endpoint', from: 'AWS (no endpoint)', to: 'https://x' },
    ]);
    expect(locationChanges({ region: 'r', archive: 's3://a/x/' }, { region: 'r' })).toEqual([
      { what: 'Run archive bucket', from: 'a', to: 'none' },
    ]);
  });
});
