// Five documents written the way wikis and policy templates write them, imported end to end:
// the phases, budgets, steps and commands the runbook parser reads back from each draft, its
// front matter, a clean lint, and exactly what the report lists as not imported.
import { describe, expect, it } from 'vitest';
import { importDocument } from '../../../core/import/import-document';
import { parseRunbook } from '../../../core/runbook/parse';
import { frontMatter, importFixture, linesOf, outline, unmapped } from './documents';

describe('importing documents', () => {
  it('a markdown policy: windows under a numbered section, □ in a plain fence, a lead-in, sub-headings, objectives table, header table', () => {
    const r = importFixture('db-recovery-policy.md');
    expect(r.report.format).toBe('markdown');
    expect(r.report.lint).toEqual([]);
    expect(frontMatter(r.runbook)).toEqual({
      id: 'postgresql-disaster-recovery-procedure',
      title: 'PostgreSQL Disaster Recovery Procedure',
      version: '2.3.0',
      owner: 'Database Operations',
      rto: '4h',
      rpo: '15m',
      hosts: ['target'],
      params: ['target_time'],
    });
    expect(outline(r.runbook)).toEqual([
      {
        phase: 'Phase 1: Declaration {budget=30m}',
        steps: [
          'confirm-the-primary-site-is-unreachable-from-two-networks',
          'declare-the-incident-in-the-status-channel',
          'page-the-on-call-dba',
        ],
      },
      {
        phase: 'Phase 2: Activation {budget=1h30m}',
        steps: [
          'open-the-dr-bridge-call',
          'confirm-the-standby-site-has-power-and-network',
          'retrieve-the-break-glass-credentials-from-the-vault',
          'stop-the-application-servers [bash on target] $ systemctl stop app-backend',
        ],
      },
      {
        phase: 'Phase 3: Recovery {budget=2h}',
        steps: [
          'restore-the-base-backup [bash on target] $ pgbackrest --stanza=main restore --type=time --target="{{target_time}}"',
          'row-counts-match-the-last-report',
          'the-application-health-check-is-green',
        ],
      },
    ]);
    expect(r.runbook.phases[0]!.description).toBe('The incident commander declares the disaster.');
    expect(r.runbook.phases[2]!.steps[0]!.description).toBe('Use the newest base backup in the DR bucket.');
    // Purpose, objectives and contacts are no phase: they are the runbook's description.
    expect(r.runbook.description).toContain('### 4. Contacts');
    expect(r.runbook.description).toContain('| DBA on call | Dana Smith | +1 555 0100 |');
    expect(linesOf(r, 'phase')).toEqual([24, 32, 46]);
    expect(linesOf(r, 'step')).toEqual([28, 29, 30, 35, 36, 37, 58, 59]);
    expect(unmapped(r)).toEqual([]);
  });

  it('a Confluence HTML export: scripts, styles, handlers, breadcrumbs, footer and a javascript: link are listed and gone', () => {
    const r = importFixture('confluence-storage-failover.html');
    expect(r.report.format).toBe('html');
    expect(r.report.lint).toEqual([]);
    expect(frontMatter(r.runbook)).toEqual({
      id: 'storage-array-failover',
      title: 'Storage Array Failover',
      version: '1.4.0',
      owner: 'Storage Team',
      rto: '2h',
      rpo: '1h',
      hosts: ['target'],
      params: [],
    });
    expect(outline(r.runbook)).toEqual([
      {
        phase: 'Phase 1: Assess {budget=15m}',
        steps: [
          'check-the-array-management-console-for-failed-controllers',
          'confirm-replication-lag-on-the-secondary-is-below-the-rpo',
          'notify-the-service-owners',
          'freeze-change-requests',
        ],
      },
      {
        phase: 'Phase 2: Failover {budget=1h15m}',
        steps: ['promote-the-secondary-array [bash on target] $ storcli /c1 set failover=promote\nstorcli /c1 show status'],
      },
      { phase: 'Phase 3: Verify {budget=30m}', steps: ['mount-the-volumes-on-the-database-hosts', 'run-the-application-smoke-tests'] },
    ]);
    expect(unmapped(r)).toEqual([
      '7: <script> is not imported (never run or kept)',
      '8: <style> is not imported (never run or kept)',
      '14: page navigation or footer: not imported',
      '33: event handler on <p>: removed, never run',
      '49: link to "javascript:alert(document.domain)" removed (only http, https, mailto and relative links are kept); its text stays',
      '50: image "topology diagram": not imported',
      '54: <script> is not imported (never run or kept)',
      '59: page navigation or footer: not imported',
    ]);
    for (const gone of ['<script', 'cookie', 'alert', 'evil.example', 'onclick', 'javascript:', 'font-family', 'Document generated'])
      expect(r.draft.toLowerCase()).not.toContain(gone.toLowerCase());
    expect(r.runbook.phases[1]!.steps[0]!.description).toBe('See the vendor guide for error codes.');
  });

  it('a numbered procedure without phase headings: one phase, shell blocks inside items, RTO ≤ 8 h in prose', () => {
    const r = importFixture('redis-restore-procedure.md');
    expect(r.report.lint).toEqual([]);
    expect(frontMatter(r.runbook)).toEqual({
      id: 'redis-cache-restore',
      title: 'Redis cache restore',
      version: '0.1.0',
      owner: undefined,
      rto: '8h',
      rpo: '1h',
      hosts: ['target'],
      params: [],
    });
    expect(outline(r.runbook)).toEqual([
      {
        phase: 'Procedure',
        steps: [
          'announce-the-maintenance-in-ops',
          'stop-the-writers [sh on target] $ systemctl stop cache-writer',
          'copy-the-newest-snapshot-from-the-backup-host [bash on target] $ rsync -a backup01:/srv/redis/dump.rdb /var/lib/redis/dump.rdb\nchown redis:redis /var/lib/redis/dump.rdb',
          'start-redis-and-watch-the-log-until-it-says-db-loaded-from-d',
          'start-the-writers-again [bash on target] $ # Start the writers again\nsystemctl start cache-writer',
        ],
      },
    ]);
    const steps = r.runbook.phases[0]!.steps;
    expect(steps[3]!.description).toBe('* the load takes about 10 minutes for 20 GB\n* do not restart it while it loads');
    // Another language's block is kept to read, not run.
    expect(steps[4]!.description).toBe('```sql\nSELECT count(*) FROM sessions;\n```');
    expect(unmapped(r)).toEqual(['29: raw HTML: not imported (never run or kept)']);
  });

  it('an ISO-style continuity plan: "Stage N – … – 0–4 h" windows, □ and [ ] in plain fences, a header row of keys', () => {
    const r = importFixture('iso-bcp-datacenter.md');
    expect(r.report.lint).toEqual([]);
    expect(frontMatter(r.runbook)).toEqual({
      id: 'datacenter-loss-bcp',
      title: 'Datacenter loss BCP',
      version: '3.0.0',
      owner: 'IT Operations',
      rto: '1d',
      rpo: '4h',
      hosts: [],
      params: [],
    });
    expect(outline(r.runbook)).toEqual([
      {
        phase: 'Stage 1 – Crisis assessment {budget=4h}',
        steps: ['convene-the-crisis-team', 'assess-the-extent-of-the-outage', 'decide-whether-to-invoke-the-plan'],
      },
      {
        phase: 'Stage 2 – Recovery at the secondary site {budget=12h}',
        steps: [
          'activate-the-secondary-datacenter-contract',
          'restore-the-core-network-configuration',
          'verify-the-backup-catalogue-is-readable',
        ],
      },
      { phase: 'Stage 3 – Service restoration {budget=8h}', steps: ['bring-up-tier-1-services', 'bring-up-tier-2-services'] },
    ]);
    const [stage1, , stage3] = r.runbook.phases;
    expect(stage1!.description).toBe('CRISIS ASSESSMENT CHECKLIST');
    expect(stage1!.steps[1]!.description).toBe('(power, cooling, network, physical access)');
    expect(stage3!.steps[1]!.description).toBe('* Communicate the status every 2 hours\n\nTier 1 services have an RTO of 12 hours.');
    // The second, tier-specific RTO is reported, not silently taken or dropped.
    expect(r.report.items.find((i) => i.line === 39 && i.note.startsWith('another RTO'))?.note).toBe(
      'another RTO (12h) is stated here; the draft keeps 1d, stated first',
    );
    expect(linesOf(r, 'step')).toEqual([17, 18, 20, 26, 27, 28, 35, 36]);
    expect(unmapped(r)).toEqual(['31: image "floor plan": not imported']);
  });

  it('a runbook-like page: (30 min) / (1h) lengths, one shell block per sub-heading, {{param}} declared, duplicate titles', () => {
    const r = importFixture('k8s-cluster-recovery.md');
    expect(r.report.lint).toEqual([]);
    expect(frontMatter(r.runbook)).toMatchObject({ rto: '3h', rpo: '30m', hosts: ['target'], params: ['snapshot_date'] });
    expect(r.runbook.params.snapshot_date).toMatchObject({ required: true });
    expect(outline(r.runbook)).toEqual([
      {
        phase: 'Preparation {budget=30m}',
        steps: ['get-the-etcd-snapshot-location-from-the-backup-report', 'check-out-the-cluster-configuration-repository'],
      },
      {
        phase: 'Restore etcd {budget=1h}',
        steps: [
          'stop-the-control-plane [bash on target] $ mkdir -p /root/manifests-off\nmv /etc/kubernetes/manifests/*.yaml /root/manifests-off/',
          'restore-the-snapshot [bash on target] $ etcdutl snapshot restore /backup/etcd-{{snapshot_date}}.db --data-dir /var/lib/etcd-restored',
          'start-the-control-plane [bash on target] $ mv /root/manifests-off/*.yaml /etc/kubernetes/manifests/',
        ],
      },
      { phase: 'Validate {budget=1h30m}', steps: ['all-nodes-are-ready', 'all-nodes-are-ready-2', 'core-dns-answers'] },
    ]);
    expect(r.runbook.phases[1]!.steps[0]!.description).toBe('Move the static pod manifests away on every control-plane node.');
    expect(unmapped(r)).toEqual([]);
  });

  it('options override what the document says: id, title, version, RTO (or none), host role', () => {
    const r = importFixture('db-recovery-policy.md', { id: 'pg-dr', title: 'PG DR', version: '1.0.0', rto: '', rpo: '5m', hostRole: 'db' });
    expect(frontMatter(r.runbook)).toMatchObject({
      id: 'pg-dr',
      title: 'PG DR',
      version: '1.0.0',
      rto: undefined,
      rpo: '5m',
      hosts: ['db'],
    });
    expect(r.runbook.phases[1]!.steps[3]!.action).toMatchObject({ host: 'db' });
    expect(r.report.header).toEqual({
      id: 'pg-dr',
      title: 'PG DR',
      version: '1.0.0',
      owner: 'Database Operations',
      rpo: '5m',
      hostRole: 'db',
    });
  });

  it("a wiki page's own YAML front matter: title, owner, rto taken first; other keys listed; lines kept", () => {
    const source = '---\ntitle: Wiki page\nowner: SRE\nrto: 2 hours\nlayout: page\n---\n\n# Phase 1 (0-1h)\n\n1. Do it\n\nRTO: 3 hours\n';
    const r = importDocument({ source, fileName: 'w.md' });
    const parsed = parseRunbook(r.draft, 'w.md');
    expect(parsed.ok && frontMatter(parsed.runbook)).toMatchObject({ id: 'wiki-page', title: 'Wiki page', owner: 'SRE', rto: '2h' });
    expect(parsed.ok && outline(parsed.runbook)).toEqual([{ phase: 'Phase 1 {budget=1h}', steps: ['do-it'] }]);
    expect(unmapped(r)).toEqual(['5: front matter key "layout": not imported']);
    expect(r.report.items.filter((i) => i.line === 12).map((i) => i.note)).toContain(
      'another RTO (3h) is stated here; the draft keeps 2h, stated first',
    );
    expect(linesOf(r, 'step')).toEqual([10]);
  });

  it('HTML details: a <br> in an item is a space in its title, □ lines split at <br>, braces in a title keep their text', () => {
    const html =
      '<h2>Phase 1 (0-10 min)</h2>\n<ol><li>Line one<br>line two</li><li>Use <code>pg_ctl</code> {now}</li></ol>\n<p>□ first<br>□ second</p>\n';
    const r = importDocument({ source: html, fileName: 'x.html' });
    expect(r.report.lint).toEqual([]);
    const parsed = parseRunbook(r.draft, 'x.md');
    expect(parsed.ok && parsed.runbook.phases[0]!.steps.map((s) => `${s.id}: ${s.title}`)).toEqual([
      'line-one-line-two: Line one line two',
      'use-pg-ctl-now: Use pg_ctl {now}',
      'first: first',
      'second: second',
    ]);
    expect(linesOf(r, 'step')).toEqual([2, 2, 3, 3]);
  });

  it('a space left before a dropped image does not end up in the title (no &#x20;)', () => {
    const r = importDocument({
      source: '<h2>Phase 1 (0-10 min)</h2><ol><li>Announce the failover <img src="a.png"></li></ol>',
      fileName: 'x.html',
    });
    expect(r.draft).toContain('- [ ] Announce the failover\n');
    expect(r.draft).not.toContain('&#x20;');
  });
});
