// What the app's commands accept (core/api.ts) bounds what a runbook may say: an id, version,
// default, role or step id the app would refuse is a lint error, at the offending text.
import { describe, expect, it } from 'vitest';
import { commandInputs } from '../../../core/api';
import { evidenceFile } from '../../../core/run/evidence-writer';
import { API_LIMITS, MAX_STEP_ID } from '../../../core/runbook/limits';
import { errorsOf } from './fixtures';

const fm = (extra: string, id = 't', version = '1.0.0') => `---\nid: ${id}\ntitle: T\nversion: ${version}\n${extra}---\n# P\n`;

describe('limits the app enforces, found by lint', () => {
  it('the limits are the ones the app checks', () => {
    const start = { id: 'x', version: '1.0.0', mode: 'drill', actor: 'a' };
    expect(commandInputs.startRun.safeParse({ ...start, id: 'x'.repeat(API_LIMITS.id) }).success).toBe(true);
    expect(commandInputs.startRun.safeParse({ ...start, id: 'x'.repeat(API_LIMITS.id + 1) }).success).toBe(false);
    expect(commandInputs.startRun.safeParse({ ...start, version: '1'.repeat(API_LIMITS.version + 1) }).success).toBe(false);
    expect(commandInputs.startRun.safeParse({ ...start, params: { p: 'v'.repeat(API_LIMITS.paramValue + 1) } }).success).toBe(false);
    expect(commandInputs.startRun.safeParse({ ...start, bindings: { ['r'.repeat(API_LIMITS.role + 1)]: ['h'] } }).success).toBe(false);
    expect(
      commandInputs.addParticipant.safeParse({ runId: 'r', actor: 'a', name: 'n', role: 'r'.repeat(API_LIMITS.role + 1) }).success,
    ).toBe(false);
    expect(MAX_STEP_ID).toBeLessThanOrEqual(API_LIMITS.id);
  });

  it('runbook id and version', () => {
    expect(errorsOf(fm('', 'a'.repeat(201)) + '- [ ] s\n')).toEqual(['2:5: "id": is 201 characters long; the app takes at most 200']);
    expect(errorsOf(fm('', 't', `1.0.0-${'a'.repeat(100)}`) + '- [ ] s\n')).toEqual([
      '4:10: "version": is 106 characters long; the app takes at most 100',
    ]);
  });

  it('a parameter default longer than the app accepts as a value', () => {
    expect(errorsOf(fm(`params:\n  p: { default: ${'x'.repeat(10_001)} }\n`) + '- [ ] s\n')).toEqual([
      '6:17: "params.p.default": is 10001 characters long; the app takes at most 10000',
    ]);
  });

  it('a host role longer than a binding may name', () => {
    expect(errorsOf(fm(`hosts:\n  ${'r'.repeat(101)}: {}\n`) + '- [ ] s\n')).toEqual([
      '6:3: host role "rrrrrrrrrrrrrrrrrrrr…" is 101 characters long; the app takes at most 100',
    ]);
  });

  it('a gate role nobody can hold, and an explicit step id longer than evidence names allow', () => {
    expect(errorsOf(fm('') + `- [ ] s {gate=${'g'.repeat(101)}}\n`)).toEqual([
      `7:15: gate role is 101 characters long; a participant's role is at most 100, so nobody could sign it`,
    ]);
    expect(errorsOf(fm('') + `- [ ] s {gate=" "}\n`)).toEqual([`7:10: attribute "gate" needs a value, e.g. gate=commander`]);
    const id = 'a'.repeat(MAX_STEP_ID + 1);
    expect(errorsOf(fm('') + `- [ ] s {id=${id}}\n`)).toEqual([
      `7:13: step id is ${MAX_STEP_ID + 1} characters long; the limit is ${MAX_STEP_ID} (evidence files are named after it)`,
    ]);
    expect(errorsOf(fm('') + `- [ ] s {id=${'a'.repeat(MAX_STEP_ID)}}\n`)).toEqual([]);
  });
});

describe('evidence file names', () => {
  const base = (f: string) => Buffer.byteLength(f.split('/').pop()!);

  it('stay as they were for ordinary ids and hosts', () => {
    expect(evidenceFile('stop-app', 'web1', 2)).toBe('outputs/stop-app-web1-2.log');
  });

  it('stay under 255 bytes and distinct whatever the step id and host', () => {
    const long = 'x'.repeat(245);
    const names = [
      evidenceFile(long, 'web1', 1),
      evidenceFile(long + 'y', 'web1', 1),
      evidenceFile(long, 'h'.repeat(200), 100),
      evidenceFile('s', 'ü'.repeat(300), 1),
    ];
    for (const n of names) expect(base(n)).toBeLessThanOrEqual(255);
    expect(new Set(names).size).toBe(names.length);
    expect(names[0]).toMatch(/^outputs\/x+-web1-[0-9a-f]{12}-1\.log$/);
  });
});
