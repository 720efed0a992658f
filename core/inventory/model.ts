// The hosts a run can reach: from inventory.yaml, and from ~/.ssh/config for hosts not listed there.

export interface InventoryHost {
  /** Inventory name (`db1`): what runbooks bind roles to and what the UI shows. */
  name: string;
  address: string;
  port: number;
  user: string;
  /** Key files, `~` expanded; empty means the agent and the default keys. */
  identities: string[];
  /** Hosts to hop through first, outermost first (ProxyJump order). */
  jump: string[];
  groups: string[];
  /** Where the host was defined, for messages: `inventory.yaml:4:3` or `~/.ssh/config`. */
  origin: string;
}

export interface Inventory {
  hosts: Map<string, InventoryHost>;
  /** OpenSSH known_hosts file, `~` expanded. */
  knownHosts: string;
  /** The `s3:` block as written; the S3 layer validates it. */
  s3?: unknown;
}
