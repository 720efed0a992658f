// `drillbook print` end to end: the real CLI renders a real PDF through Chromium, and poppler's
// pdftotext reads it back. What a responder needs on paper must be in the text: id@version and
// the file's SHA-256 on every page, the deadline cells, each step and its {{param}} lines.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { drillbook, pdftotext, root } from '../report/cli-helpers';

const dir = mkdtempSync(path.join(tmpdir(), 'drillbook-print-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RUNBOOK = `---
id: paper-restore
title: Paper restore drill
version: 3.2.1
rto: 2h
params:
  target_time: { description: Restore to this UTC time, required: true }
  bucket: { default: prod-backups }
hosts:
  db: { description: Restore server }
---

# Assessment {budget=30m}

- [ ] Declare the incident {role=commander}
- [ ] Identify the scope of the failure

# Recovery {budget=1h15m}

## Restore the base backup {id=restore estimate=45m gate=commander}

\`\`\`bash {host=db timeout=1h}
restore-pitr --bucket {{bucket}} --target-time {{target_time}}
\`\`\`

# Hand-over

- [ ] Tell the application owner
`;

const one = (s: string) => s.replace(/\s+/g, ' ');

describe('drillbook print', () => {
  it('writes a PDF whose every page names id@version and the SHA-256, with deadlines, steps and parameter lines', () => {
    const src = path.join(dir, 'paper-restore.md');
    writeFileSync(src, RUNBOOK);
    const sha = createHash('sha256').update(readFileSync(src)).digest('hex');
    const out = path.join(dir, 'checklist.pdf');
    const r = drillbook(['print', src, '--pdf', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`SHA-256:   ${sha}`);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdftotext(out);
    const pages = text.split('\f').filter((p) => p.trim());
    expect(pages.length).toBeGreaterThanOrEqual(1);
    for (const page of pages) expect(one(page)).toContain(`paper-restore@3.2.1 · SHA-256 ${sha}`);
    const all = one(text);
    // Budgets add up from T0; after a phase without a budget there is no deadline to print.
    expect(all).toMatch(/Budget 30m Deadline T0 \+ 30m = _{8}/);
    expect(all).toMatch(/Budget 1h15m Deadline T0 \+ 1h45m = _{8}/);
    expect(all).toMatch(/Budget none Deadline no deadline/);
    expect(all).toMatch(/RTO deadline T0 \+ 2h = _{8}/);
    for (const title of [
      '1.1 Declare the incident',
      '1.2 Identify the scope of the failure',
      '2.1 Restore the base backup',
      '3.1 Tell the application owner',
    ])
      expect(all).toContain(title);
    expect(all).toContain('restore-pitr --bucket {{bucket}} --target-time {{target_time}}');
    expect(all).toMatch(/\{\{target_time\}\} value used: _{32}/);
    expect(all).toMatch(/\{\{bucket\}\} value used: _{32} \(default prod-backups\)/);
    expect(all).toMatch(/Sign-off before starting, role commander/);
    expect(all.match(/Started at _{8} Done at _{8} Initials _{8}/g)).toHaveLength(4);
  });

  it('a long runbook: the footer is on every one of its many pages', () => {
    const src = path.join(root, 'runbooks/postgres-pitr-restore/postgres-pitr-restore-2.1.0.md');
    const sha = createHash('sha256').update(readFileSync(src)).digest('hex');
    const out = path.join(dir, 'pitr.pdf');
    expect(drillbook(['print', src, '--pdf', out]).status).toBe(0);
    const pages = pdftotext(out)
      .split('\f')
      .filter((p) => p.trim());
    expect(pages.length).toBeGreaterThan(5);
    pages.forEach((page, i) => expect(one(page)).toContain(`postgres-pitr-restore@2.1.0 · SHA-256 ${sha} page ${i + 1}/${pages.length}`));
  });

  it('refuses a runbook that does not lint, with file:line, and writes nothing', () => {
    const src = path.join(dir, 'broken.md');
    writeFileSync(src, RUNBOOK.replace('{role=commander}', '{rol=commander}'));
    const out = path.join(dir, 'broken.pdf');
    const r = drillbook(['print', src, '--pdf', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${src}:15:`);
    expect(r.stderr).toContain('"rol"');
    expect(existsSync(out)).toBe(false);
  });

  it('without --pdf it is a usage error', () => {
    const r = drillbook(['print', path.join(root, 'runbooks/app-redeploy/app-redeploy-1.0.0.md')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^Usage: drillbook print RUNBOOK\.md --pdf OUT\.pdf/);
  });
});
