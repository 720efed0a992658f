// Hosts from ~/.ssh/config: every concrete `Host` alias (no wildcards), with `Host *` and other
// matching blocks applied as OpenSSH would (first value wins). `Match exec` is never run.
import os from 'node:os';
import SSHConfig from 'ssh-config';
import { expandPath } from './home';
import type { InventoryHost } from './model';

export interface SshConfigImport {
  hosts: InventoryHost[];
  warnings: string[];
}

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
const all = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** `user@host:port` as ProxyJump writes it (IPv6 in brackets). */
export function parseJumpSpec(spec: string): { user?: string; host: string; port?: number } {
  const m = /^(?:([^@]+)@)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(spec.trim());
  if (!m) return { host: spec.trim() };
  return {
    ...(m[1] ? { user: m[1] } : {}),
    host: m[2]!.replace(/^\[|\]$/g, ''),
    ...(m[3] ? { port: Number(m[3]) } : {}),
  };
}

export function importSshConfig(text: string, file: string, home: string = os.homedir()): SshConfigImport {
  const config = SSHConfig.parse(text);
  const warnings: string[] = [];
  const aliases = new Set<string>();
  for (const line of config) {
    if (line.type !== SSHConfig.DIRECTIVE || line.param.toLowerCase() !== 'host' || !('config' in line)) continue;
    const values = Array.isArray(line.value) ? line.value.map((v) => v.val) : line.value.split(/\s+/);
    for (const v of values) if (v && !/[*?!]/.test(v)) aliases.add(v);
  }
  const localUser = (() => {
    try {
      return os.userInfo().username;
    } catch {
      return 'root';
    }
  })();

  const hosts = new Map<string, InventoryHost>();
  const build = (alias: string, override: { user?: string; port?: number } = {}): InventoryHost => {
    const c = config.compute(alias, { ignoreCase: true, matchExec: false }) as Record<string, string | string[]>;
    const hostName = (first(c.hostname) ?? alias).replace(/%h/g, alias);
    const portText = first(c.port);
    const jumpText = first(c.proxyjump);
    return {
      name: alias,
      address: hostName,
      port: override.port ?? (portText ? Number(portText) : 22),
      user: override.user ?? first(c.user) ?? localUser,
      identities: all(c.identityfile).map((p) => expandPath(p.replace(/%d/g, home), home, home)),
      jump: jumpText && jumpText.toLowerCase() !== 'none' ? jumpText.split(',').map((s) => s.trim()) : [],
      groups: [],
      origin: file,
    };
  };
  for (const alias of aliases) hosts.set(alias, build(alias));

  // A ProxyJump naming `user@host:port` rather than an alias becomes a host of its own.
  for (const h of [...hosts.values()]) {
    for (const spec of h.jump) {
      if (hosts.has(spec)) continue;
      const { user, host, port } = parseJumpSpec(spec);
      const base = build(host, { ...(user ? { user } : {}), ...(port ? { port } : {}) });
      hosts.set(spec, { ...base, name: spec, jump: base.jump.filter((j) => j !== spec) });
    }
  }
  for (const h of hosts.values()) {
    if (!Number.isInteger(h.port) || h.port < 1 || h.port > 65535) {
      warnings.push(`${file}: host ${h.name}: bad Port, skipped`);
      hosts.delete(h.name);
    }
  }
  return { hosts: [...hosts.values()], warnings };
}
