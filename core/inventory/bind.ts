// Role bindings for a run: `--bind db=db1 --bind app=web1,web2` (or `app=@web`, a group), or
// the start form's host pickers. A DR tool must never guess a target, so every declared role
// needs an explicit binding, and a role that is not `many` takes exactly one host. The one
// resolver for the app and the headless CLI: its words name no flag or button.
import type { HostRoleSpec } from '../runbook/model';
import { closest } from '../runbook/suggest';
import type { Inventory } from './model';

export type Bindings = Record<string, string[]>;
export type BindResult = { ok: true; bindings: Bindings } | { ok: false; errors: string[] };

/** Parses repeated `ROLE=HOST[,HOST...]` arguments; a role given twice adds hosts. */
export function parseBindArgs(args: readonly string[]): BindResult {
  const bindings: Bindings = {};
  const errors: string[] = [];
  for (const arg of args) {
    const m = /^([A-Za-z0-9_.-]+)=(.+)$/.exec(arg.trim());
    const names =
      m?.[2]
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean) ?? [];
    if (!m || names.length === 0) {
      errors.push(`--bind ${arg}: expected ROLE=HOST[,HOST...]`);
      continue;
    }
    if (!Object.hasOwn(bindings, m[1]!))
      Object.defineProperty(bindings, m[1]!, { value: [], enumerable: true, writable: true, configurable: true });
    bindings[m[1]!]!.push(...names);
  }
  return errors.length ? { ok: false, errors } : { ok: true, bindings };
}

function groupsOf(inventory: Inventory): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const h of inventory.hosts.values()) for (const g of h.groups) groups.set(g, [...(groups.get(g) ?? []), h.name]);
  return groups;
}

/**
 * Resolves each role's names to inventory hosts: a host name, `@group`, or a bare group name
 * when no host has that name. Hosts are deduplicated and keep their order.
 */
export function resolveBindings(inventory: Inventory, roles: Record<string, HostRoleSpec>, given: Bindings): BindResult {
  const errors: string[] = [];
  const groups = groupsOf(inventory);
  const out = new Map<string, string[]>();
  const declared = Object.keys(roles);
  for (const [role, names] of Object.entries(given)) {
    if (role === 'local') {
      errors.push('"local" is the machine running Drillbook: it cannot be bound to inventory hosts');
      continue;
    }
    if (!Object.hasOwn(roles, role)) {
      const hint = closest(role, declared);
      errors.push(
        `the runbook has no host role "${role}" (it declares ${declared.length ? declared.join(', ') : 'none'})` +
          (hint ? `; did you mean "${hint}"?` : ''),
      );
      continue;
    }
    const hosts: string[] = [];
    for (const raw of names) {
      const group = raw.startsWith('@') ? raw.slice(1) : !inventory.hosts.has(raw) && groups.has(raw) ? raw : undefined;
      if (group !== undefined) {
        const members = groups.get(group);
        if (members) hosts.push(...members);
        else errors.push(`role "${role}": no group "${group}" in the inventory`);
      } else if (inventory.hosts.has(raw)) {
        hosts.push(raw);
      } else {
        const hint = closest(raw, [...inventory.hosts.keys(), ...groups.keys()]);
        errors.push(`role "${role}": no host or group "${raw}" in the inventory${hint ? ` (did you mean "${hint}"?)` : ''}`);
      }
    }
    out.set(role, [...new Set(hosts)]);
  }
  for (const [role, spec] of Object.entries(roles)) {
    const hosts = out.get(role);
    if (!Object.hasOwn(given, role))
      errors.push(`role "${role}" is not bound to a host: every role the runbook declares needs its host(s)`);
    else if (hosts && !spec.many && hosts.length > 1) {
      errors.push(`role "${role}" takes one host but is bound to ${hosts.length} (${hosts.join(', ')}); declare it many: true to fan out`);
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, bindings: Object.fromEntries(out) };
}
