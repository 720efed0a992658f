// ProxyJump chains: the hops from this machine to a host, outermost first. A host's `jump`
// list is OpenSSH's `ProxyJump a,b`: reach `a` (by its own route), then `b` through it, then the
// host through `b`.
import type { Inventory, InventoryHost } from '../../inventory/model';
import { SshError } from './ssh-error';

export interface Route {
  hosts: InventoryHost[];
  /** Pool key per hop: the names along the way (`bastion>db1`), since a route is part of identity. */
  keys: string[];
}

const MAX_HOPS = 8;

export function routeTo(inventory: Inventory, name: string): Route {
  const hops = hopsOf(inventory, name, []);
  const keys: string[] = [];
  hops.forEach((h, i) => keys.push(i === 0 ? h.name : `${keys[i - 1]}>${h.name}`));
  return { hosts: hops, keys };
}

function lookup(inventory: Inventory, name: string, from?: string): InventoryHost {
  const h = inventory.hosts.get(name);
  if (h) return h;
  throw new SshError('config', from ? `jump host "${name}" of ${from} is not in the inventory` : `host "${name}" is not in the inventory`);
}

function hopsOf(inventory: Inventory, name: string, seen: string[]): InventoryHost[] {
  if (seen.includes(name)) throw new SshError('config', `jump hosts loop: ${[...seen, name].join(' → ')}`);
  const host = lookup(inventory, name, seen[seen.length - 1]);
  if (host.jump.length === 0) return [host];
  const [first, ...rest] = host.jump;
  const hops = [...hopsOf(inventory, first!, [...seen, name]), ...rest.map((j) => lookup(inventory, j, name)), host];
  if (hops.length > MAX_HOPS) throw new SshError('config', `route to ${name} has more than ${MAX_HOPS} hops`);
  return hops;
}
