// Which inventory hosts each host role of the runbook means for this run. A DR tool must never
// guess a target, so nothing is preselected: a role takes one host, a `many: true` role one or
// more (hosts, or a whole @group). Left all empty, remote steps are done by hand.
import { useEffect } from 'react';
import type { InventoryHostView } from '../../../core/api';
import type { HostRoleSpec, Runbook } from '../../../core/runbook/model';
import { useApp } from '../../store';

interface Props {
  runbook: Runbook;
  value: Record<string, string[]>;
  onChange(next: Record<string, string[]>): void;
}

const where = (h: InventoryHostView) => `${h.user}@${h.address}${h.port !== 22 ? `:${h.port}` : ''}`;

function OneHost({
  role,
  spec,
  hosts,
  value,
  onChange,
}: {
  role: string;
  spec: HostRoleSpec;
  hosts: InventoryHostView[];
  value: string[];
  onChange(v: string[]): void;
}) {
  const id = `bind-${role}`;
  return (
    <div className="field bind-role">
      <label htmlFor={id}>
        <code>{role}</code>
        {spec.description ? ` — ${spec.description}` : ''} (one host)
      </label>
      <select id={id} value={value[0] ?? ''} onChange={(e) => onChange(e.target.value ? [e.target.value] : [])}>
        <option value="">— not bound —</option>
        {hosts.map((h) => (
          <option key={h.name} value={h.name}>
            {h.name} ({where(h)})
          </option>
        ))}
      </select>
    </div>
  );
}

function ManyHosts({
  role,
  spec,
  hosts,
  groups,
  value,
  onChange,
}: {
  role: string;
  spec: HostRoleSpec;
  hosts: InventoryHostView[];
  groups: [string, string[]][];
  value: string[];
  onChange(v: string[]): void;
}) {
  const toggle = (name: string, on: boolean) => onChange(on ? [...value, name] : value.filter((v) => v !== name));
  return (
    <fieldset className="bind-role bind-many">
      <legend>
        <code>{role}</code>
        {spec.description ? ` — ${spec.description}` : ''} (one or more: the step runs on each)
      </legend>
      {groups.map(([g, members]) => (
        <label key={`@${g}`} className="bind-option">
          <input type="checkbox" checked={value.includes(`@${g}`)} onChange={(e) => toggle(`@${g}`, e.target.checked)} />
          group <code>@{g}</code> <span className="muted">({members.join(', ')})</span>
        </label>
      ))}
      {hosts.map((h) => (
        <label key={h.name} className="bind-option">
          <input type="checkbox" checked={value.includes(h.name)} onChange={(e) => toggle(h.name, e.target.checked)} />
          {h.name} <span className="muted">({where(h)})</span>
        </label>
      ))}
    </fieldset>
  );
}

export function HostBindingsField({ runbook, value, onChange }: Props) {
  const roles = Object.entries(runbook.hosts);
  const inventory = useApp((s) => s.inventory);
  const loadInventory = useApp((s) => s.loadInventory);
  useEffect(() => {
    if (roles.length > 0) void loadInventory();
  }, [roles.length, loadInventory]);
  if (roles.length === 0) return null;
  const hosts = inventory?.hosts ?? [];
  const groups = new Map<string, string[]>();
  for (const h of hosts) for (const g of h.groups) groups.set(g, [...(groups.get(g) ?? []), h.name]);
  const groupList = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
  const set = (role: string, hostsOf: string[]) => onChange({ ...value, [role]: hostsOf });
  return (
    <fieldset className="host-bindings">
      <legend>Hosts for remote steps</legend>
      <p className="muted field-hint">
        Bind every role to inventory hosts to run its steps over SSH from here, or leave them all empty to do those steps by hand.
      </p>
      {!inventory && <p className="muted">Reading the inventory…</p>}
      {inventory && inventory.errors.length > 0 && (
        <div className="inventory-errors" role="alert">
          <p className="problem">The inventory has errors; fix them to bind hosts:</p>
          <ul>
            {inventory.errors.map((e) => (
              <li key={e}>
                <code>{e}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {inventory && inventory.errors.length === 0 && hosts.length === 0 && (
        <p className="muted">
          No hosts yet: add them to <code>{inventory.file}</code> (or <code>~/.ssh/config</code>) to run remote steps from Drillbook.
        </p>
      )}
      {inventory?.warnings.map((w) => (
        <p key={w} className="muted field-hint">
          {w}
        </p>
      ))}
      {hosts.length > 0 &&
        roles.map(([role, spec]) =>
          spec.many ? (
            <ManyHosts
              key={role}
              role={role}
              spec={spec}
              hosts={hosts}
              groups={groupList}
              value={value[role] ?? []}
              onChange={(v) => set(role, v)}
            />
          ) : (
            <OneHost key={role} role={role} spec={spec} hosts={hosts} value={value[role] ?? []} onChange={(v) => set(role, v)} />
          ),
        )}
    </fieldset>
  );
}

/** The bindings to send: roles left empty are not sent (none at all = remote steps by hand). */
export function chosenBindings(value: Record<string, string[]>): Record<string, string[]> | undefined {
  const chosen = Object.entries(value).filter(([, v]) => v.length > 0);
  return chosen.length ? Object.fromEntries(chosen) : undefined;
}
