// The version diff on constructed pairs: each test changes one thing in a real runbook text,
// parses both with the project's parser, and checks the diff names exactly that change.
import { describe, expect, it } from 'vitest';
import type { Runbook } from '../../../core/runbook/model';
import { parseRunbook } from '../../../core/runbook/parse';
import { diffVersions } from '../../../core/runbook/version-diff';
import { titleSimilarity } from '../../../core/runbook/version-diff-match';
import type { StepDiff, VersionDiff } from '../../../core/runbook/version-diff-model';
import { diffText } from '../../../core/runbook/version-diff-text';

const BASE = `---
id: db-restore
title: Database restore
version: 1.0.0
rto: 4h
rpo: 15m
params:
  target_time: { description: Restore to this time, required: true }
  bucket: { default: prod-backups }
hosts:
  db: { description: Restore server }
---

# Assessment {budget=30m}

- [ ] Declare the incident and notify stakeholders {role=commander}
- [ ] Identify the scope of the failure
- [ ] Freeze deployments

# Recovery {budget=2h}

## Stop the application {id=stop-app estimate=2m}

\`\`\`bash {host=db timeout=5m}
systemctl stop app
\`\`\`

## Restore the base backup {id=restore estimate=45m gate=commander}

Fetch the newest base backup.

\`\`\`bash {host=db timeout=2h}
restore-pitr --bucket {{bucket}} --target-time {{target_time}}
\`\`\`

# Hand-over {budget=30m}

- [ ] Tell the application owner the restore is done
`;

function parse(source: string): Runbook {
  const r = parseRunbook(source, 'test.md');
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.line}:${e.column}: ${e.message}`).join('\n'));
  return r.runbook;
}

/** BASE as version 1.0.0, `edit(BASE)` as 1.1.0. */
function diffOf(edit: (s: string) => string): VersionDiff {
  const after = edit(BASE).replace('version: 1.0.0', 'version: 1.1.0');
  expect(after).not.toBe(BASE.replace('version: 1.0.0', 'version: 1.1.0')); // the edit must apply
  return diffVersions({ runbook: parse(BASE) }, { runbook: parse(after) });
}

/** Each reported step as "kind title [moved] fields". */
const brief = (s: StepDiff) =>
  s.kind === 'kept'
    ? `${s.moved ? 'moved' : 'kept'} ${s.to.title}${s.changes.length ? `: ${s.changes.map((c) => c.field).join(',')}` : ''}`
    : `${s.kind} ${s.kind === 'added' ? s.to.title : s.from.title}`;

describe('version diff', () => {
  it('two versions that differ only in their version number are identical', () => {
    const d = diffVersions({ runbook: parse(BASE) }, { runbook: parse(BASE.replace('version: 1.0.0', 'version: 1.0.1')) });
    expect(d.identical).toBe(true);
    expect(d.steps).toEqual([]);
    expect(d.phases).toEqual([]);
    expect(d.frontMatter).toEqual([]);
    expect(diffText(d)).toBe('db-restore@1.0.0 → db-restore@1.0.1: no changes');
  });

  it('an added step is reported where it stands, and nothing else', () => {
    const d = diffOf((s) => s.replace('- [ ] Freeze deployments\n', '- [ ] Freeze deployments\n- [ ] Page the DBA on call\n'));
    expect(d.steps.map(brief)).toEqual(['added Page the DBA on call']);
    const added = d.steps[0]!;
    expect(added.kind === 'added' && added.to).toMatchObject({ phaseTitle: 'Assessment', index: 4, id: 'page-the-dba-on-call' });
    expect(d.summary).toMatchObject({ added: 1, removed: 0, moved: 0, changed: 0 });
    expect(d.identical).toBe(false);
  });

  it('a removed step is reported with where it was', () => {
    const d = diffOf((s) => s.replace('- [ ] Identify the scope of the failure\n', ''));
    expect(d.steps.map(brief)).toEqual(['removed Identify the scope of the failure']);
    const removed = d.steps[0]!;
    expect(removed.kind === 'removed' && removed.from).toMatchObject({ phaseTitle: 'Assessment', index: 2, line: 17 });
    expect(d.summary).toMatchObject({ added: 0, removed: 1, moved: 0, changed: 0 });
  });

  it('a step moved within its phase is the one reported as moved, not its neighbours', () => {
    const d = diffOf((s) =>
      s.replace(
        '- [ ] Declare the incident and notify stakeholders {role=commander}\n- [ ] Identify the scope of the failure\n- [ ] Freeze deployments\n',
        '- [ ] Declare the incident and notify stakeholders {role=commander}\n- [ ] Freeze deployments\n- [ ] Identify the scope of the failure\n',
      ),
    );
    // Two swapped neighbours: one of them moved (either is a correct reading), never both.
    expect(d.steps).toHaveLength(1);
    expect(['moved Identify the scope of the failure', 'moved Freeze deployments']).toContain(brief(d.steps[0]!));
    expect(d.summary).toMatchObject({ moved: 1, changed: 0, added: 0, removed: 0 });
  });

  it('a step moved to another phase is moved, matched by its id', () => {
    const d = diffOf((s) =>
      s
        .replace('- [ ] Freeze deployments\n', '')
        .replace('- [ ] Tell the application owner', '- [ ] Freeze deployments\n- [ ] Tell the application owner'),
    );
    expect(d.steps.map(brief)).toEqual(['moved Freeze deployments']);
    const m = d.steps[0]!;
    expect(m.kind === 'kept' && [m.matchedBy, m.from.phaseTitle, m.to.phaseTitle]).toEqual(['id', 'Assessment', 'Hand-over']);
    expect(diffText(d)).toContain('moved: Assessment #3 → Hand-over #1');
  });

  it('a reworded step whose default id changed is matched by title and shown as changed', () => {
    const d = diffOf((s) => s.replace('Identify the scope of the failure', 'Identify the scope of the outage'));
    expect(d.steps.map(brief)).toEqual(['kept Identify the scope of the outage: title,id']);
    const c = d.steps[0]!;
    expect(c.kind === 'kept' && c.matchedBy).toBe('title');
    expect(diffText(d)).toContain('title: Identify the scope of the [-failure-]{+outage+}');
  });

  it('a changed command is a line diff inside the step', () => {
    const d = diffOf((s) => s.replace('systemctl stop app', 'systemctl stop app\nsystemctl stop app-worker'));
    expect(d.steps.map(brief)).toEqual(['kept Stop the application: command']);
    const c = d.steps[0]!;
    const cmd = c.kind === 'kept' ? c.changes[0]! : undefined;
    expect(cmd?.parts?.filter((p) => p.added).map((p) => p.value)).toEqual(['systemctl stop app-worker\n']);
    expect(cmd?.parts?.filter((p) => p.removed)).toEqual([]);
    expect(diffText(d)).toContain('+ systemctl stop app-worker');
  });

  it('changed attributes and description are each named with old and new value', () => {
    const d = diffOf((s) =>
      s
        .replace('{id=restore estimate=45m gate=commander}', '{id=restore estimate=1h retries=2}')
        .replace('```bash {host=db timeout=2h}', '```bash {host=db timeout=3h}')
        .replace('Fetch the newest base backup.', 'Fetch the newest verified base backup.'),
    );
    expect(d.steps).toHaveLength(1);
    const c = d.steps[0]!;
    expect(c.kind).toBe('kept');
    if (c.kind !== 'kept') return;
    expect(c.moved).toBe(false);
    expect(c.changes.map((x) => [x.field, x.from, x.to])).toEqual([
      ['description', 'Fetch the newest base backup.', 'Fetch the newest verified base backup.'],
      ['command-timeout', '2h', '3h'],
      ['estimate', '45m', '1h'],
      ['gate', 'commander', undefined],
      ['retries', '0', '2'],
    ]);
    const text = diffText(d);
    expect(text).toContain('estimate: 45m → 1h');
    expect(text).toContain('gate: removed (was commander)');
    expect(text).toContain('description: Fetch the newest {+verified +}base backup.');
  });

  it('phase budgets, a renamed phase and front matter (rto, rpo, params, roles) are reported', () => {
    const d = diffOf((s) =>
      s
        .replace('# Recovery {budget=2h}', '# Recovery and checks {budget=1h30m}')
        .replace('rto: 4h', 'rto: 3h')
        .replace('rpo: 15m\n', '')
        .replace('  bucket: { default: prod-backups }', '  bucket: { default: dr-backups }\n  wal_prefix: { default: wal/ }')
        .replace('  db: { description: Restore server }', '  db: { description: Restore server }\n  app: { many: true }'),
    );
    expect(d.steps).toEqual([]); // the steps stay with their (renamed) phase
    expect(d.phases).toHaveLength(1);
    const p = d.phases[0]!;
    expect(p.kind === 'kept' && p.changes.map((c) => [c.field, c.from, c.to])).toEqual([
      ['title', 'Recovery', 'Recovery and checks'],
      ['id', 'recovery', 'recovery-and-checks'],
      ['budget', '2h', '1h30m'],
    ]);
    expect(d.frontMatter.map((c) => [c.field, c.from, c.to])).toEqual([
      ['rto', '4h', '3h'],
      ['rpo', '15m', undefined],
      ['param.bucket.default', 'prod-backups', 'dr-backups'],
      ['param.wal_prefix', undefined, 'optional, default "wal/"'],
      ['host.app', undefined, 'many hosts'],
    ]);
    expect(d.summary).toMatchObject({ phases: 1, frontMatter: 5, added: 0, removed: 0, moved: 0, changed: 0 });
  });

  it('an added and a removed phase, with their steps', () => {
    const d = diffOf((s) =>
      s.replace('# Assessment {budget=30m}', '# Triage {budget=5m}\n\n- [ ] Open the incident channel\n\n# Assessment {budget=30m}'),
    );
    expect(d.phases.map((p) => `${p.kind} ${p.kind === 'removed' ? p.from.title : p.to.title}`)).toEqual(['added Triage']);
    expect(d.steps.map(brief)).toEqual(['added Open the incident channel']);
    // Seen the other way round, the same change is a removal.
    const back = diffVersions(
      {
        runbook: parse(
          BASE.replace('# Assessment {budget=30m}', '# Triage {budget=5m}\n\n- [ ] Open the incident channel\n\n# Assessment {budget=30m}'),
        ),
      },
      { runbook: parse(BASE) },
    );
    expect(back.phases.map((p) => p.kind)).toEqual(['removed']);
    expect(back.steps.map(brief)).toEqual(['removed Open the incident channel']);
  });

  it('two phases swapped: the phase is moved, its steps are not reported one by one', () => {
    const handOver = '# Hand-over {budget=30m}\n\n- [ ] Tell the application owner the restore is done\n';
    const d = diffOf((s) => s.replace(handOver, '').replace('# Recovery {budget=2h}', `${handOver}\n# Recovery {budget=2h}`));
    expect(d.steps).toEqual([]);
    expect(d.phases.map((p) => (p.kind === 'kept' ? [p.to.title, p.moved, p.from.index, p.to.index] : p.kind))).toEqual([
      ['Hand-over', true, 3, 2],
    ]);
    expect(diffText(d)).toContain('moved: phase 3 → 2');
  });

  it('unrelated steps are not paired by title: a replaced step is one removal and one addition', () => {
    const d = diffOf((s) => s.replace('- [ ] Freeze deployments', '- [ ] Rotate the database credentials'));
    expect(d.steps.map(brief).sort()).toEqual(['added Rotate the database credentials', 'removed Freeze deployments']);
    expect(titleSimilarity('Freeze deployments', 'Rotate the database credentials')).toBeLessThan(0.6);
    expect(titleSimilarity('Identify the scope of the failure', 'Identify the scope of the outage')).toBeGreaterThanOrEqual(0.6);
  });

  it('the text rendering has a summary line and one section per kind of change', () => {
    const d = diffOf((s) =>
      s.replace('rto: 4h', 'rto: 3h').replace('- [ ] Freeze deployments\n', '').replace('systemctl stop app', 'systemctl stop app --now'),
    );
    const text = diffText(d);
    expect(text.split('\n')[0]).toBe('db-restore@1.0.0 → db-restore@1.1.0: 1 removed, 1 changed, 1 front-matter change');
    expect(text).toContain('\nFront matter\n  RTO: 4h → 3h');
    expect(text).toContain('\nSteps\n');
    expect(text).toContain('- Freeze deployments (freeze-deployments), was in Assessment #3, line 18');
    expect(text).toContain('systemctl stop app{+ --now+}');
  });
});

describe('version diff: a step that gains a command', () => {
  it('shows the whole new command as added lines', () => {
    const a = parse(BASE);
    const b = parse(
      BASE.replace('version: 1.0.0', 'version: 1.1.0').replace(
        '- [ ] Freeze deployments\n',
        '## Freeze deployments\n\n```bash {host=db}\ndeploy-freeze on\ndeploy-freeze status\n```\n',
      ),
    );
    const d = diffVersions({ runbook: a }, { runbook: b });
    expect(d.steps.map(brief)).toEqual(['kept Freeze deployments: kind,command,host,lang']);
    const text = diffText(d);
    expect(text).toContain('kind: manual → command');
    expect(text).toContain('command:\n        + deploy-freeze on\n        + deploy-freeze status');
    expect(text).toContain('host: added (db)');
  });
});
