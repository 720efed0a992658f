import { describe, expect, it } from 'vitest';
import type { Runbook, StepAttrs } from '../../../core/runbook/model';
import { parseRunbook } from '../../../core/runbook/parse';
import { fixture, readFixture } from './fixtures';

const defaults: StepAttrs = { after: [], retries: 0, expectExit: 0, continueOnFailure: false };

function parseOk(name: string): Runbook {
  const r = parseRunbook(readFixture('good', name), fixture('good', name));
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.line}:${e.column}: ${e.message}`).join('\n'));
  expect(r.warnings).toEqual([]);
  return r.runbook;
}

describe('the example from RUNBOOK-FORMAT.md', () => {
  it('parses into the full expected structure', () => {
    expect(parseOk('postgres-pitr-restore.md')).toStrictEqual({
      id: 'postgres-pitr-restore',
      title: 'PostgreSQL point-in-time restore',
      version: '2.1.0',
      owner: 'dba-team',
      tags: [],
      rtoMs: 4 * 3_600_000,
      rpoMs: 5 * 60_000,
      params: {
        target_time: { description: 'Restore to this UTC timestamp', required: true },
        backup_bucket: { required: false, default: 'prod-db-backups' },
      },
      hosts: {
        db: { description: 'Clean server that receives the restore', many: false },
        app: { description: 'Application servers', many: true },
      },
      phases: [
        {
          id: 'assessment',
          title: 'Assessment',
          budgetMs: 30 * 60_000,
          description: '',
          line: 16,
          steps: [
            {
              id: 'confirm-the-incident-is-declared-and-stakeholders-notified',
              title: 'Confirm the incident is declared and stakeholders notified',
              phaseId: 'assessment',
              kind: 'manual',
              description: '',
              attrs: { ...defaults, role: 'commander' },
              line: 18,
            },
            {
              id: 'identify-the-scope-of-the-failure',
              title: 'Identify the scope of the failure',
              phaseId: 'assessment',
              kind: 'manual',
              description: '',
              attrs: defaults,
              line: 19,
            },
            {
              id: 'backup-age',
              title: 'Latest base backup is younger than the RPO allows',
              phaseId: 'assessment',
              kind: 's3-check',
              description: '',
              action: { type: 's3-check', body: 'bucket: "{{backup_bucket}}"\nprefix: basebackups/\nmax_age: 25h' },
              attrs: defaults,
              line: 21,
            },
          ],
        },
        {
          id: 'recovery',
          title: 'Recovery',
          budgetMs: 2 * 3_600_000,
          description: '',
          line: 29,
          steps: [
            {
              id: 'stop-app',
              title: 'Stop the application',
              phaseId: 'recovery',
              kind: 'command',
              description: '',
              action: { type: 'command', lang: 'bash', host: 'app', script: 'docker compose stop backend', timeoutMs: 5 * 60_000 },
              attrs: { ...defaults, estimateMs: 2 * 60_000 },
              line: 31,
            },
            {
              id: 'restore-the-base-backup-and-replay-wal-to-the-target-time',
              title: 'Restore the base backup and replay WAL to the target time',
              phaseId: 'recovery',
              kind: 'command',
              description: '',
              action: {
                type: 'command',
                lang: 'bash',
                host: 'db',
                script: 'restore-pitr --target-time {{target_time}}',
                timeoutMs: 2 * 3_600_000,
              },
              attrs: { ...defaults, estimateMs: 45 * 60_000, gate: 'commander' },
              line: 37,
            },
          ],
        },
      ],
    });
  });
});

describe('a runbook using every feature', () => {
  const rb = parseOk('web-failover.md');
  const step = (id: string) => rb.phases.flatMap((p) => p.steps).find((s) => s.id === id)!;

  it('reads the optional front matter', () => {
    expect(rb).toMatchObject({
      version: '1.0.0-rc.1',
      owner: 'sre',
      description: 'Move traffic to eu-west when eu-central is down.',
      tags: ['web', 'failover'],
      rtoMs: 5_400_000,
      rpoMs: 900_000,
    });
    // A bare YAML number as default is still a text parameter.
    expect(rb.params.ttl).toEqual({ required: false, default: '60' });
  });

  it('keeps phase text written before the first step, not preamble before the first phase', () => {
    expect(rb.phases.map((p) => [p.id, p.description, p.budgetMs])).toEqual([
      ['prepare', 'Read the whole runbook before starting.', 900_000],
      ['switch', '', 1_800_000],
    ]);
  });

  it('gives task steps the content nested under them and the text below them', () => {
    expect(step('channel').description).toBe(
      'Use the `#incident` template.\n\n- [ ] pin the runbook link\n- [ ] invite the DBA\n\nA note about the channel.',
    );
    expect(step('page-the-on-call-sre').attrs).toEqual({ ...defaults, role: 'commander', estimateMs: 300_000 });
  });

  it('makes a ## step description from its body without the action block; nested checkboxes are a checklist', () => {
    const s = step('standby-ok');
    expect(s.kind).toBe('command');
    expect(s.description).toBe(
      'Look at the dashboard first.\n\n- [ ] CPU below 50%\n- [ ] Replication lag under a minute\n\nThe check prints `ok`.\n\n```console\n$ curl https://eu-west-1.example.com/health\nok\n```',
    );
    expect(s.action).toEqual({ type: 'command', lang: 'bash', host: 'local', script: 'curl -fsS https://{{region}}.example.com/health' });
    expect(s.attrs).toEqual({ ...defaults, timeoutMs: 600_000, retries: 2, continueOnFailure: true });
    expect(rb.phases[0]!.steps.map((x) => x.id)).toEqual(['page-the-on-call-sre', 'channel', 'standby-ok']);
  });

  it('reads sh blocks, after= lists, expect-exit and gates', () => {
    expect(step('lower-the-dns-ttl')).toMatchObject({
      kind: 'command',
      line: 53,
      action: { type: 'command', lang: 'sh', host: 'lb', script: 'set-ttl --seconds "{{ttl}}"', timeoutMs: 60_000 },
      attrs: { ...defaults, after: ['channel'], expectExit: 3 },
    });
    expect(step('confirm-traffic-moved')).toMatchObject({
      kind: 'manual',
      description: '',
      attrs: { gate: 'commander', after: ['standby-ok', 'lower-the-dns-ttl'] },
    });
  });
});
