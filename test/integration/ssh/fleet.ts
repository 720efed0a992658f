// Test helper: real sshd servers from test/env/sshd.sh, and inventories/known_hosts for them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Inventory, InventoryHost } from '../../../core/inventory/model';

const SCRIPT = fileURLToPath(new URL('../../env/sshd.sh', import.meta.url));

export interface Fleet {
  dir: string;
  ports: number[];
  /** Public host key files (`ssh-ed25519 AAAA... comment`), one per server. */
  hostKeys: string[];
  user: string;
  /** Unencrypted client key, authorized on every server of the fleet. */
  key: string;
  authorizedKeys: string;
  stop(): void;
}

/**
 * Test servers listen above Linux's default ephemeral range (32768-60999): there an outgoing
 * connection of anything on the machine may hold the port, and a server could not bind it.
 */
const FIRST_FREE_PORT = 61000;

/** Starts `count` servers in their own folder and port range; each test file uses its own. */
export function startFleet(name: string, count: number, basePort: number): Fleet {
  if (basePort < FIRST_FREE_PORT || basePort + count > 65535)
    throw new Error(`fleet ${name}: ports ${basePort + 1}-${basePort + count} are not within ${FIRST_FREE_PORT}-65535`);
  const dir = `/tmp/drillbook-sshd-${name}`;
  const out = execFileSync('bash', [SCRIPT, 'start', String(count), '--dir', dir, '--base-port', String(basePort)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ports: number[] = [];
  const hostKeys: string[] = [];
  let user = '';
  let key = '';
  let authorizedKeys = '';
  for (const line of out.split('\n')) {
    const f = Object.fromEntries(line.split(' ').map((kv) => kv.split('=') as [string, string]));
    if (f.port) {
      ports.push(Number(f.port));
      hostKeys.push(f.host_key!);
    } else if (f.user) {
      user = f.user;
      key = f.key!;
      authorizedKeys = f.authorized_keys!;
    }
  }
  return {
    dir,
    ports,
    hostKeys,
    user,
    key,
    authorizedKeys,
    stop: () => execFileSync('bash', [SCRIPT, 'stop', '--dir', dir], { stdio: 'ignore' }),
  };
}

export function tempDir(prefix = 'drillbook-ssh-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** `ssh-ed25519 AAAA...` of server i (0-based). */
export function hostKeyLine(fleet: Fleet, i: number): { type: string; b64: string } {
  const [type, b64] = readFileSync(fleet.hostKeys[i]!, 'utf8').trim().split(/\s+/);
  return { type: type!, b64: b64! };
}

/** A known_hosts file listing the given servers (all by default), OpenSSH style. */
export function writeKnownHosts(fleet: Fleet, file: string, indexes = fleet.ports.map((_, i) => i)): string {
  const lines = indexes.map((i) => {
    const { type, b64 } = hostKeyLine(fleet, i);
    return `[127.0.0.1]:${fleet.ports[i]} ${type} ${b64}`;
  });
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

export function host(fleet: Fleet, i: number, extra: Partial<InventoryHost> = {}): InventoryHost {
  return {
    name: `h${i + 1}`,
    address: '127.0.0.1',
    port: fleet.ports[i]!,
    user: fleet.user,
    identities: [fleet.key],
    jump: [],
    groups: [],
    origin: 'test',
    ...extra,
  };
}

export function inventoryOf(hosts: InventoryHost[], knownHosts: string): Inventory {
  return { hosts: new Map(hosts.map((h) => [h.name, h])), knownHosts };
}

/** OpenSSH client options for the fleet (the references the benchmarks compare with): its key, its known hosts only, never a prompt. */
export function opensshOptions(fleet: Fleet, knownHosts: string): string[] {
  return [
    '-F',
    '/dev/null',
    '-i',
    fleet.key,
    '-o',
    `UserKnownHostsFile=${knownHosts}`,
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    'BatchMode=yes',
    '-o',
    'LogLevel=ERROR',
  ];
}
