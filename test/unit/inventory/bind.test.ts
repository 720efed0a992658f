import { describe, expect, it } from 'vitest';
import { parseBindArgs, resolveBindings } from '../../../core/inventory/bind';
import type { Inventory, InventoryHost } from '../../../core/inventory/model';

const h = (name: string, groups: string[] = []): InventoryHost => ({
  name,
  address: name,
  port: 22,
  user: 'ops',
  identities: [],
  jump: [],
  groups,
  origin: 'test',
});
const inv: Inventory = {
  hosts: new Map([h('db1', ['db']), h('db2', ['db']), h('web1', ['web']), h('web2', ['web']), h('web')].map((x) => [x.name, x])),
  knownHosts: '/dev/null',
};
const roles = { db: { many: false }, app: { many: true } };

describe('--bind', () => {
  it('parses ROLE=HOST[,HOST] and repeated roles', () => {
    expect(parseBindArgs(['db=db1', 'app=web1,web2', 'app=@db'])).toEqual({
      ok: true,
      bindings: { db: ['db1'], app: ['web1', 'web2', '@db'] },
    });
    expect(parseBindArgs(['db', 'x='])).toEqual({
      ok: false,
      errors: ['--bind db: expected ROLE=HOST[,HOST...]', '--bind x=: expected ROLE=HOST[,HOST...]'],
    });
  });

  it('resolves hosts and groups (@group, or a bare group name no host has), deduplicated', () => {
    expect(resolveBindings(inv, roles, { db: ['db1'], app: ['web1', '@web', 'db', 'db1'] })).toEqual({
      ok: true,
      bindings: { db: ['db1'], app: ['web1', 'web2', 'db1', 'db2'] },
    });
    // "web" is a host as well as a group: the host wins unless written @web.
    expect(resolveBindings(inv, roles, { db: ['db1'], app: ['web'] })).toEqual({ ok: true, bindings: { db: ['db1'], app: ['web'] } });
  });

  it('refuses unknown names, unbound and undeclared roles, and many hosts for a single role', () => {
    const r = resolveBindings(inv, roles, { db: ['@db'], ap: ['web1'], app: ['wbe1'] });
    expect(r).toEqual({
      ok: false,
      errors: [
        'the runbook has no host role "ap" (it declares db, app); did you mean "app"?',
        'role "app": no host or group "wbe1" in the inventory (did you mean "web1"?)',
        'role "db" takes one host but is bound to 2 (db1, db2); declare it many: true to fan out',
      ],
    });
    expect(resolveBindings(inv, roles, { db: ['db1'] })).toEqual({
      ok: false,
      errors: ['role "app" is not bound to a host: every role the runbook declares needs its host(s)'],
    });
  });
});
