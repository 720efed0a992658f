import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInventory, parseInventory } from '../../../core/inventory/load';

const HOME = '/home/ops';

describe('inventory.yaml', () => {
  it('reads hosts with defaults, ~ expansion, jump and groups', () => {
    const text = [
      'hosts:',
      '  db1:  { address: 10.0.0.5, port: 2222, user: postgres, identity: ~/.ssh/id_ed25519 }',
      '  web1: { address: web1.internal, user: deploy, jump: bastion, groups: [web] }',
      '  bastion: { address: bastion.example.org, user: ops, identity: [keys/a, /abs/b] }',
      'known_hosts: ~/.ssh/known_hosts',
      's3: { bucket: dr-reports, anything: [goes, here] }',
    ].join('\n');
    const r = parseInventory(text, '/etc/drillbook/inventory.yaml', HOME);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const { hosts, knownHosts, s3 } = r.inventory;
    expect(hosts.get('db1')).toMatchObject({
      address: '10.0.0.5',
      port: 2222,
      user: 'postgres',
      identities: ['/home/ops/.ssh/id_ed25519'],
      jump: [],
    });
    expect(hosts.get('web1')).toMatchObject({ port: 22, jump: ['bastion'], groups: ['web'], origin: '/etc/drillbook/inventory.yaml:3:3' });
    expect(hosts.get('bastion')!.identities).toEqual(['/etc/drillbook/keys/a', '/abs/b']);
    expect(knownHosts).toBe('/home/ops/.ssh/known_hosts');
    expect(s3).toEqual({ bucket: 'dr-reports', anything: ['goes', 'here'] });
  });

  it('reports errors at file:line:col', () => {
    const text = [
      'hosts:',
      '  db1:',
      '    address: 10.0.0.5',
      '    usr: postgres',
      '    port: 99999',
      '  web1: { address: w, user: u, jump: bastoin }',
      'knwon_hosts: x',
    ].join('\n');
    const r = parseInventory(text, 'inv.yaml', HOME);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => `${e.line}:${e.column}: ${e.message}`)).toEqual([
      expect.stringMatching(/^2:3: hosts\.db1: missing required key "user"|^3:5: hosts\.db1: missing required key "user"/),
      '4:5: unknown key "usr" in hosts.db1 (did you mean "user"?)',
      expect.stringMatching(/^5:11: hosts\.db1\.port: /),
      '7:1: unknown inventory key "knwon_hosts" (did you mean "known_hosts"?)',
    ]);
    const jump = parseInventory('hosts:\n  web1: { address: w, user: u, jump: bastoin }\n', 'inv.yaml', HOME);
    expect(jump.ok ? [] : jump.errors.map((e) => `${e.line}:${e.column}: ${e.message}`)).toEqual([
      '2:38: jump host "bastoin" of web1 is not in the inventory',
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    const r = parseInventory('hosts:\n  db1: { address: x\n', 'inv.yaml', HOME);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ file: 'inv.yaml', line: expect.any(Number), column: expect.any(Number) });
  });

  // The README's example inventory: one typo in it must give one error, where the parser stopped.
  const README_INVENTORY = [
    'known_hosts: ~/.ssh/known_hosts',
    'hosts:',
    '  bastion:',
    '    address: bastion.example.net',
    '    user: ops',
    '  db1:',
    '    address: 10.0.1.10',
    '    user: postgres',
    '    port: 2222',
    '    jump: bastion',
    '    groups: [db]',
    '  web1:',
    '    address: 10.0.2.11',
    '    user: deploy',
    '    jump: bastion',
    '    groups: [web]',
  ];
  const typo = (line: number, edit: (l: string) => string) =>
    README_INVENTORY.map((l, i) => (i === line - 1 ? edit(l) : l)).join('\n') + '\n';
  const HINT =
    '(check the indentation, and the space after each ":", on this line and the one above; nothing else in the file was checked)';

  it('one YAML syntax error is one error at file:line:col with what the parser says, never a cascade', () => {
    expect(parseInventory(README_INVENTORY.join('\n'), 'inv.yaml', HOME).ok).toBe(true);
    const cases: [string, string, string][] = [
      // Indented one space too far on line 1: the parser gives up at line 2 (and, unchecked, 50+ errors after it).
      [typo(1, (l) => ` ${l}`), '2:1', 'Unexpected scalar at node end'],
      // A missing space after the colon on line 9.
      [typo(9, (l) => l.replace(': ', ':')), '9:5', 'Implicit keys need to be on a single line'],
      // A bad indent on line 5.
      [typo(5, (l) => l.slice(1)), '5:1', 'All mapping items must start at the same column'],
    ];
    for (const [text, at, said] of cases) {
      const r = parseInventory(text, 'inv.yaml', HOME);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`)).toEqual([
        `inv.yaml:${at}: inventory is not valid YAML: ${said} ${HINT}`,
      ]);
    }
  });

  it('imports ~/.ssh/config hosts it does not list (inventory wins), Match exec never runs', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'inv-'));
    writeFileSync(path.join(dir, 'inventory.yaml'), 'hosts:\n  db1: { address: 10.0.0.5, user: postgres }\n');
    const marker = path.join(dir, 'exec-ran');
    writeFileSync(
      path.join(dir, 'ssh_config'),
      [
        'Host db1',
        '  HostName 192.0.2.1',
        'Host web?',
        '  User nobody',
        'Host web1 web2',
        '  HostName %h.internal',
        '  ProxyJump bastion',
        'Host bastion',
        '  HostName bastion.example.org',
        '  Port 2222',
        '  IdentityFile ~/.ssh/bastion_key',
        'Host legacy',
        '  ProxyJump ops@old-gw.example.org:2200',
        `Match exec "touch ${marker}"`,
        '  User hacked',
        'Host *',
        '  User deploy',
        '  IdentityFile ~/.ssh/id_ed25519',
      ].join('\n'),
    );
    const r = await loadInventory({ file: path.join(dir, 'inventory.yaml'), sshConfig: path.join(dir, 'ssh_config'), home: HOME });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const h = r.inventory.hosts;
    expect(h.get('db1')).toMatchObject({ address: '10.0.0.5', user: 'postgres' });
    expect(h.get('web1')).toMatchObject({ address: 'web1.internal', user: 'nobody', port: 22, jump: ['bastion'] });
    expect(h.get('bastion')).toMatchObject({
      address: 'bastion.example.org',
      port: 2222,
      user: 'deploy',
      identities: ['/home/ops/.ssh/bastion_key', '/home/ops/.ssh/id_ed25519'],
    });
    expect(h.get('ops@old-gw.example.org:2200')).toMatchObject({ address: 'old-gw.example.org', port: 2200, user: 'ops' });
    expect(h.get('legacy')!.jump).toEqual(['ops@old-gw.example.org:2200']);
    expect(h.has('web?')).toBe(false);
    const { existsSync } = await import('node:fs');
    expect(existsSync(marker)).toBe(false);
  });

  it('reads the files on every load: the same bytes give the same inventory unparsed, any edit is seen', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'inv-memo-'));
    const file = path.join(dir, 'inventory.yaml');
    const sshConfig = path.join(dir, 'ssh_config');
    writeFileSync(file, 'hosts:\n  db1: { address: 10.0.0.5, user: pg }\n');
    writeFileSync(sshConfig, 'Host web1\n  HostName 10.0.0.7\n');
    const load = () => loadInventory({ file, sshConfig, home: HOME });
    const first = await load();
    expect(await load()).toBe(first);
    // An edit of the same length, and one of ~/.ssh/config: both seen at the next load.
    writeFileSync(file, 'hosts:\n  db1: { address: 10.0.0.6, user: pg }\n');
    const edited = await load();
    if (!edited.ok) throw new Error(JSON.stringify(edited.errors));
    expect(edited.inventory.hosts.get('db1')!.address).toBe('10.0.0.6');
    writeFileSync(sshConfig, 'Host web1\n  HostName 10.0.0.8\n');
    const again = await load();
    if (!again.ok) throw new Error(JSON.stringify(again.errors));
    expect(again.inventory.hosts.get('web1')!.address).toBe('10.0.0.8');
    expect(again.inventory.hosts.get('db1')!.address).toBe('10.0.0.6');
    // Broken, then fixed back: the error, then the inventory again.
    writeFileSync(file, 'hosts:\n  db1: { address: 10.0.0.6, usr: pg }\n');
    expect((await load()).ok).toBe(false);
    writeFileSync(file, 'hosts:\n  db1: { address: 10.0.0.6, user: pg }\n');
    expect((await load()).ok).toBe(true);
  });
});
