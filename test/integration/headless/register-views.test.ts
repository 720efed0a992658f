// What `drillbook history` and `register` print of runs a real headless run wrote (the CLI
// bundle, real bash), and what `run` and `register` print of an inventory with one YAML typo.
// A drill whose command fails is aborted a few milliseconds after T0: its time must read as the
// report's claim ("aborted after 12 ms / 10m"), never "0s / 10m"; its phases are no measured
// times for the slowest phase; a runbook whose only drill was aborted is not "never" drilled.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli, drillbook, removeCli } from './cli';

let cli: string;
let tmp: string;
beforeAll(async () => {
  cli = await bundleCli();
  tmp = mkdtempSync(path.join(tmpdir(), 'drillbook-register-views-'));
}, 120_000);
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  removeCli(cli);
});

/** Two phases; Switch succeeds only while `flag` exists. */
const failover = (flag: string) => `---
id: failover
title: Failover
version: 1.0.0
rto: 10m
drill: { every: 30d }
---

# Prepare {budget=5m}

## Declare {id=declare}

\`\`\`bash {host=local}
sleep 0.2
\`\`\`

# Switch {budget=5m}

## Switch the traffic {id=switch}

\`\`\`bash {host=local}
test -e "${flag}"
\`\`\`
`;

const lonely = `---
id: lonely
title: Lonely
version: 1.0.0
rto: 30m
drill: { every: 30d }
---

# Do it {budget=30m}

## Do the thing {id=do}

\`\`\`bash {host=local}
exit 3
\`\`\`
`;

const cells = (line: string) => line.split(/\s{2,}/);

describe('history and register of drills a headless run aborted', () => {
  let data: string;
  beforeAll(async () => {
    data = path.join(tmp, 'data');
    const flag = path.join(tmp, 'switch-ok');
    writeFileSync(path.join(tmp, 'failover.md'), failover(flag));
    writeFileSync(path.join(tmp, 'lonely.md'), lonely);
    const run = (file: string) => drillbook(cli, ['run', path.join(tmp, file), '--headless', '--data-dir', data]);
    writeFileSync(flag, '');
    expect((await run('failover.md')).code).toBe(0);
    rmSync(flag);
    const aborted = await run('failover.md');
    expect(aborted.code).toBe(1);
    expect(aborted.stderr).toMatch(/run aborted: step "switch"/);
    expect((await run('lonely.md')).code).toBe(1);
  }, 120_000);

  it('history: the aborted run reads "aborted after …", the slowest phase counts the recovered run only', async () => {
    const r = await drillbook(cli, ['history', 'failover', '--offline', '--data-dir', data]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => / drill {2}/.test(l));
    expect(rows).toHaveLength(2);
    const [ok, aborted] = rows.map(cells);
    expect(ok![2]).toBe('RECOVERED');
    expect(ok![3]).toMatch(/^(\d+ ms|\ds) \/ 10m$/);
    expect(aborted![2]).toBe('ABORTED');
    expect(aborted![3]).toMatch(/^aborted after (\d+ ms|\ds) \/ 10m$/);
    expect(r.stdout).not.toMatch(/\b0s \/ 10m/);
    expect(r.stdout).toMatch(/^Achieved {2}\S✗ {2}\(2 ended run\(s\), .*✗ = 1 did not recover/m);
    expect(r.stdout).toMatch(/^Slowest phase: .*; counted: phases that ended done in the 1 of 2 ended runs that recovered$/m);
  }, 60_000);

  it('register: an aborted only drill is "aborted <date>", with no drill counted and none recovered', async () => {
    const r = await drillbook(cli, ['register', '--offline', '--data-dir', data]);
    expect(r.stderr).toBe('');
    const row = r.stdout.split('\n').find((l) => /^\S+\s+lonely\s/.test(l))!;
    expect(row).not.toMatch(/\bnever\b/);
    expect(cells(row).slice(2, 5)).toEqual([
      expect.stringMatching(
        /^aborted \d{4}-\d\d-\d\d \d\d:\d\dZ \(no drill counts toward the cadence yet \(an aborted drill does not count\); no drill has recovered yet\)$/,
      ),
      'ABORTED',
      expect.stringMatching(/^aborted after (\d+ ms|\ds) \/ 30m$/),
    ]);
    const fo = r.stdout.split('\n').find((l) => /^\S+\s+failover\s/.test(l))!;
    // The drill the due date counts is the one that recovered: said once.
    expect(cells(fo)[2]).toMatch(
      /^aborted \S+ \S+ \(the next due date counts the last recovered drill, of \S+ \S+ \(an aborted drill does not count\)\)$/,
    );
  }, 60_000);
});

describe('an inventory with one YAML typo', () => {
  const INVENTORY = [
    'known_hosts: ~/.ssh/known_hosts',
    'hosts:',
    '  db1:',
    '    address: 10.0.1.10',
    '    user: postgres',
    '  web1:',
    '    address: 10.0.2.11',
    '    user: deploy',
  ];
  const runbook = `---
id: ssh-check
title: SSH check
version: 1.0.0
hosts:
  db: { description: the database server }
---

# Check {budget=5m}

## Reach the database {id=reach}

\`\`\`bash {host=db}
true
\`\`\`
`;
  const hint =
    '(check the indentation, and the space after each ":", on this line and the one above; nothing else in the file was checked)';

  it('run: one error, where the parser stopped and what it said; nothing is run', async () => {
    const dir = path.join(tmp, 'typo');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'rb.md'), runbook);
    // One space too many on line 1: the parser loses its way at line 2 and reports every token after.
    const inv = path.join(dir, 'inventory.yaml');
    writeFileSync(inv, [` ${INVENTORY[0]}`, ...INVENTORY.slice(1)].join('\n') + '\n');
    const r = await drillbook(cli, [
      'run',
      path.join(dir, 'rb.md'),
      '--headless',
      '--inventory',
      inv,
      '--bind',
      'db=db1',
      '--data-dir',
      path.join(dir, 'data'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      `drillbook run: ${inv}:2:1: inventory is not valid YAML: Unexpected scalar at node end ${hint}`,
    ]);
    expect(r.stdout).toBe('');
  }, 60_000);

  it('register: the team archive block of the same file gives the same one error', async () => {
    const data = path.join(tmp, 'typo-register');
    mkdirSync(data);
    // A missing space after a colon on line 5.
    writeFileSync(path.join(data, 'inventory.yaml'), INVENTORY.map((l, i) => (i === 4 ? l.replace(': ', ':') : l)).join('\n') + '\n');
    const r = await drillbook(cli, ['register', '--data-dir', data]);
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([
      `drillbook register: the team archive is not read: ${path.join(data, 'inventory.yaml')}:5:5: inventory is not valid YAML: Implicit map keys need to be followed by map values ${hint}`,
    ]);
  }, 60_000);
});
