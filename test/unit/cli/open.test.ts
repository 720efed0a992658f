// `drillbook open`: a malformed command line or link gets one clear message (and no server); a
// good one resolves against the real library (version, declared parameters) to the start-form
// route the renderer reads back as its pre-fill; the real command prints the URL with that
// route after '#' and starts no run.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestFromArgs, resolveRoute } from '../../../cli/open';
import { Engine } from '../../../core/engine';
import { parseOpenLink } from '../../../core/runbook/open-link';
import { memorySettingsStore } from '../../../core/settings';
import { parseHash } from '../../../renderer/router';

const root = path.resolve(import.meta.dirname, '../../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const rb = (version: string) => `---
id: pitr
title: Point-in-time restore
version: ${version}
params:
  target_time: { description: Restore to this UTC timestamp, required: true }
  bucket: { default: prod-backups }
---

# Restore {budget=30m}

- [ ] Restore it {id=restore}
`;

let tmp: string;
let libDir: string;
let engine: Engine;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'drillbook-open-'));
  libDir = path.join(tmp, 'runbooks');
  mkdirSync(libDir);
  writeFileSync(path.join(libDir, 'pitr-1.0.0.md'), rb('1.0.0'));
  writeFileSync(path.join(libDir, 'pitr-1.1.0.md'), rb('1.1.0'));
  mkdirSync(path.join(tmp, 'data'));
  engine = await Engine.create({ dataDir: path.join(tmp, 'data'), runbookDirs: [libDir], settings: memorySettingsStore() });
});

afterAll(async () => {
  await engine.close();
  rmSync(tmp, { recursive: true, force: true });
});

const error = (argv: string[]) => {
  const r = requestFromArgs(argv);
  return r.ok ? undefined : r.error;
};

describe('drillbook open: the request', () => {
  it('refuses malformed input with a message naming what is wrong', () => {
    expect(error([])).toMatch(/^drillbook open: expected one RUNBOOK_ID\[@VERSION\] or drillbook:\/\/ link/);
    expect(error(['pitr', '--param', 'novalue'])).toBe('drillbook open: parameter must be K=V, got "novalue"');
    expect(error(['pitr', '--mode', 'panic'])).toBe('drillbook open: mode must be drill or incident, got "panic"');
    expect(error(['pitr', '--t0', 'yesterday'])).toMatch(/^drillbook open: t0 must be an ISO time with an offset/);
    expect(error(['pitr', '--t0', '2026-01-31T02:15:00'])).toMatch(/t0 must be an ISO time with an offset/);
    expect(error(['Bad id!'])).toBe('drillbook open: "Bad id!" is not a runbook id (letters, digits, . _ -)');
    expect(error(['pitr', '--start'])).toMatch(/^drillbook open: Unknown option '--start'/);
    expect(error(['drillbook://open?runbook=pitr', '--mode', 'incident'])).toMatch(/either the link or the options/);
    const link = (l: string) => {
      const r = parseOpenLink(l);
      return r.ok ? undefined : r.error;
    };
    expect(link('drillbook://start?runbook=pitr')).toMatch(/^drillbook link: expected drillbook:\/\/open\?runbook=ID/);
    expect(link('drillbook://open?runbook=pitr&go=1')).toBe('drillbook link: unknown field "go" (runbook, param, mode, t0)');
    expect(link('drillbook://open?mode=incident')).toBe('drillbook link: which runbook? expected RUNBOOK_ID or RUNBOOK_ID@VERSION');
    expect(link('drillbook://open?runbook=pitr&mode=x&mode=y')).toBe('drillbook link: "mode" given twice');
  });

  it('reads a good command line and the same request as a link', () => {
    const cli = requestFromArgs([
      'pitr@1.0.0',
      '--param',
      'target_time=2026-01-31T02:00:00Z',
      '--mode',
      'incident',
      '--t0',
      '2026-01-31T02:15:00Z',
    ]);
    const link = parseOpenLink(
      'drillbook://open?runbook=pitr@1.0.0&param=target_time%3D2026-01-31T02:00:00Z&mode=incident&t0=2026-01-31T02:15:00Z',
    );
    const want = {
      id: 'pitr',
      version: '1.0.0',
      mode: 'incident',
      t0: '2026-01-31T02:15:00Z',
      params: { target_time: '2026-01-31T02:00:00Z' },
    };
    expect(cli.ok && cli.value.req).toEqual(want);
    expect(link.ok && link.value).toEqual(want);
  });
});

describe('drillbook open: against the library', () => {
  const route = async (argv: string[]) => {
    const r = requestFromArgs(argv);
    if (!r.ok) throw new Error(r.error);
    return resolveRoute(engine, r.value.req);
  };

  it('resolves the newest version, and the renderer reads the pre-fill back from the route', async () => {
    const r = await route(['pitr', '--param', 'target_time=2026-01-31T02:00:00Z', '--param', 'bucket=a&b c', '--mode', 'incident']);
    expect(r).toEqual({ ok: true, value: expect.stringMatching(/^\/runbook\/pitr\/1\.1\.0\/start\?/) });
    const parsed = parseHash(`#${r.ok ? r.value : ''}`);
    expect(parsed).toEqual({
      name: 'runbook',
      id: 'pitr',
      version: '1.1.0',
      prefill: { mode: 'incident', params: { target_time: '2026-01-31T02:00:00Z', bucket: 'a&b c' } },
    });
    // The plain runbook route has no pre-fill.
    expect(parseHash('#/runbook/pitr/1.1.0')).toEqual({ name: 'runbook', id: 'pitr', version: '1.1.0' });
  });

  it('says which runbook, version or parameter does not exist', async () => {
    expect(await route(['nope'])).toEqual({ ok: false, error: 'drillbook open: no runbook "nope" in the library (it has: pitr)' });
    expect(await route(['pitr@9.9.9'])).toEqual({
      ok: false,
      error: 'drillbook open: "pitr" has no version 9.9.9 (versions: 1.1.0, 1.0.0)',
    });
    expect(await route(['pitr@1.0.0', '--param', 'tagret_time=x'])).toEqual({
      ok: false,
      error: 'drillbook open: pitr@1.0.0 has no parameter "tagret_time" (it declares: target_time, bucket)',
    });
  });
});

describe('drillbook open: the command', () => {
  it('a malformed link: exit 2, the message, no server', () => {
    const r = spawnSync(tsx, ['cli/main.ts', 'open', 'drillbook://open?runbook=pitr&run=now'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('drillbook link: unknown field "run" (runbook, param, mode, t0)');
    expect(r.stdout).toBe('');
  });

  it('prints the URL with the start route after the token and starts no run', async () => {
    const dataDir = path.join(tmp, 'cli-data');
    mkdirSync(dataDir);
    const env = { ...process.env, DRILLBOOK_RUNBOOKS: libDir };
    const child = spawn(
      tsx,
      [
        'cli/main.ts',
        'open',
        'pitr@1.0.0',
        '--param',
        'target_time=2026-01-31T02:00:00Z',
        '--no-open',
        '--port',
        '0',
        '--data-dir',
        dataDir,
      ],
      {
        cwd: root,
        env,
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`open exited with ${code}: ${stderr}`)));
      });
      expect(line).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}&then=/);
      const then = new URLSearchParams(new URL(line).hash.slice(1)).get('then')!;
      expect(parseHash(`#${then}`)).toMatchObject({ version: '1.0.0', prefill: { params: { target_time: '2026-01-31T02:00:00Z' } } });
      await new Promise((r) => setTimeout(r, 300));
      const runs = path.join(dataDir, 'runs');
      expect(existsSync(runs) ? readdirSync(runs) : []).toEqual([]);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }, 40_000);
});
