// The README's inventory.yaml example is what the real loader accepts, and the runbook roles and
// --bind line shown beside it resolve against it as the README says: a newcomer can copy them.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBindArgs, resolveBindings } from '../../../core/inventory/bind';
import { loadInventory } from '../../../core/inventory/load';
import { parseRunbook } from '../../../core/runbook/parse';

const root = path.resolve(import.meta.dirname, '../../..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const section = readme.slice(
  readme.indexOf('## Hosts: `inventory.yaml`'),
  readme.indexOf('\n## ', readme.indexOf('## Hosts: `inventory.yaml`') + 1),
);
const blocks = (lang: string) => [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);

describe('README: inventory.yaml and role bindings', () => {
  it('has the section with an inventory, the roles and a --bind line', () => {
    expect(section.length).toBeGreaterThan(200);
    expect(blocks('yaml')).toHaveLength(2);
    expect(blocks('sh')).toHaveLength(1);
  });

  it('the example inventory loads with the real loader: hosts, groups, identity, jump, known_hosts', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'drillbook-readme-'));
    try {
      const file = path.join(dir, 'inventory.yaml');
      writeFileSync(file, blocks('yaml')[0]!);
      const r = await loadInventory({ file, sshConfig: false, home: '/home/ops' });
      if (!r.ok) throw new Error(r.errors.map((e) => `${e.line}:${e.column}: ${e.message}`).join('\n'));
      expect([...r.inventory.hosts.keys()]).toEqual(['bastion', 'db1', 'web1', 'web2']);
      expect(r.inventory.knownHosts).toBe('/home/ops/.ssh/known_hosts');
      const db1 = r.inventory.hosts.get('db1')!;
      expect(db1).toMatchObject({ address: '10.0.1.10', user: 'postgres', port: 2222, jump: ['bastion'], groups: ['db'] });
      expect(r.inventory.hosts.get('bastion')!.identities).toEqual(['/home/ops/.ssh/id_ed25519']);
      expect(r.inventory.hosts.get('web2')!.identities).toEqual(['/home/ops/.ssh/deploy_ed25519', '/home/ops/.ssh/id_ed25519']);
      expect(r.warnings).toEqual([]);

      // The roles as the README declares them, in a runbook the real parser reads.
      const md = `---\nid: restore\ntitle: Restore\nversion: 1.0.0\n${blocks('yaml')[1]}---\n\n# Restore\n\n- [ ] Do it\n`;
      const parsed = parseRunbook(md, 'restore.md');
      if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
      expect(parsed.runbook.hosts).toEqual({
        db: { description: 'Clean server that receives the restore', many: false },
        app: { description: 'Application servers', many: true },
      });
      // The README's --bind line binds them: db to db1, app to the web group.
      const args = [...blocks('sh')[0]!.matchAll(/--bind (\S+)/g)].map((m) => m[1]!);
      expect(args).toEqual(['db=db1', 'app=@web']);
      const given = parseBindArgs(args);
      if (!given.ok) throw new Error(given.errors.join('\n'));
      expect(resolveBindings(r.inventory, parsed.runbook.hosts, given.bindings)).toEqual({
        ok: true,
        bindings: { db: ['db1'], app: ['web1', 'web2'] },
      });
      // And a mistake is refused as the README says (a role that is not many takes one host).
      const wrong = resolveBindings(r.inventory, parsed.runbook.hosts, { db: ['web1', 'web2'], app: ['web1'] });
      expect(wrong.ok).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
