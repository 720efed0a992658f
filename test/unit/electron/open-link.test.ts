// drillbook:// links in the desktop app: found among a process's arguments, resolved against the
// real library of a real engine to the pre-filled start route, and a malformed or unknown link
// refused with its reason (shown in a dialog), never a run started.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Engine } from '../../../core/engine';
import { memorySettingsStore } from '../../../core/settings';
import { linkIn, openLink } from '../../../electron/open-link';

let tmp: string;
let engine: Engine;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'drillbook-link-'));
  mkdirSync(path.join(tmp, 'lib'));
  mkdirSync(path.join(tmp, 'data'));
  writeFileSync(
    path.join(tmp, 'lib', 'failover.md'),
    '---\nid: failover\ntitle: Failover\nversion: 2.0.0\nparams:\n  region: {}\n---\n\n# Go\n\n- [ ] Do it {id=do}\n',
  );
  engine = await Engine.create({ dataDir: path.join(tmp, 'data'), runbookDirs: [path.join(tmp, 'lib')], settings: memorySettingsStore() });
});

afterAll(async () => {
  await engine.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('drillbook:// links (desktop app)', () => {
  it('finds the link among the arguments', () => {
    expect(linkIn([process.execPath, '--flag', 'drillbook://open?runbook=failover'])).toBe('drillbook://open?runbook=failover');
    expect(linkIn([process.execPath, '.'])).toBeUndefined();
  });

  it('shows the pre-filled start form, and starts nothing', async () => {
    const show = vi.fn();
    const refuse = vi.fn();
    await openLink(engine, 'drillbook://open?runbook=failover&param=region%3Deu-west-1&mode=incident', show, refuse);
    expect(refuse).not.toHaveBeenCalled();
    expect(show).toHaveBeenCalledWith('/runbook/failover/2.0.0/start?mode=incident&param.region=eu-west-1');
    const runs = path.join(tmp, 'data', 'runs');
    expect(existsSync(runs) ? readdirSync(runs) : []).toEqual([]);
  });

  it('refuses a malformed or unknown link with the reason', async () => {
    const show = vi.fn();
    const refuse = vi.fn();
    await openLink(engine, 'drillbook://open?runbook=failover&param=oops', show, refuse);
    await openLink(engine, 'drillbook://open?runbook=nope', show, refuse);
    expect(show).not.toHaveBeenCalled();
    expect(refuse.mock.calls).toEqual([
      ['drillbook link: parameter must be K=V, got "oops"'],
      ['drillbook link: no runbook "nope" in the library (it has: failover)'],
    ]);
  });
});
