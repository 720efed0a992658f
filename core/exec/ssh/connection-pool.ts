// One SSH connection per host (per route) for the length of a run: opened on first use,
// shared by every step on that host, reopened when it drops, all closed by closeAll() at the end.
// A connection being opened belongs to the attempts waiting for it: each is told when a question
// to the commander opens and closes (its timeout pauses meanwhile), and once the last of them has
// ended the opening is given up and its questions are withdrawn.
import type { Client } from 'ssh2';
import type { Inventory } from '../../inventory/model';
import { connectHop, type HopTimeouts } from './connect';
import { HopWaiters, type ConnectWaiter } from './hop-waiters';
import { HostKeyPolicy, type HostKeyPrompt } from './host-key-policy';
import { routeTo } from './jump';
import { KeyStore, defaultIdentityFiles, type PassphraseProvider } from './key-store';
import { KnownHostsFile } from './known-hosts';
import { SshError } from './ssh-error';

export interface SshPoolOptions {
  inventory: Inventory;
  /** Defaults to the inventory's `known_hosts`. */
  knownHostsFile?: string;
  hostKeyPrompt?: HostKeyPrompt;
  acceptNewHostKeys?: boolean;
  passphrase?: PassphraseProvider;
  /** Passphrases tried per encrypted key (default 3; 1 when the answer cannot change, e.g. from the environment). */
  maxPassphraseAttempts?: number;
  /** ssh-agent socket; defaults to SSH_AUTH_SOCK; false: never use an agent. */
  agent?: string | false;
  /** Key files tried for hosts without `identity`; default: ~/.ssh/id_{ed25519,ecdsa,rsa} that exist. */
  defaultIdentities?: string[];
  timeouts?: Partial<HopTimeouts>;
}

export interface Connection {
  client: Client;
  /** `db1 (127.0.0.1:2201)` */
  label: string;
}

export const DEFAULT_TIMEOUTS: HopTimeouts = {
  connectMs: 10_000,
  handshakeMs: 15_000,
  keepaliveIntervalMs: 5_000,
  keepaliveCountMax: 3,
};

export class SshPool {
  private readonly live = new Map<string, Promise<Client>>();
  /** Who waits for each connection still being opened. */
  private readonly opening = new Map<Promise<Client>, HopWaiters>();
  /** Connections that are up (ready and not yet closed). */
  private readonly clients = new Set<Client>();
  private readonly policy: HostKeyPolicy;
  private readonly keys: KeyStore;
  private readonly timeouts: HopTimeouts;
  private closed = false;

  constructor(private readonly opts: SshPoolOptions) {
    this.policy = new HostKeyPolicy({
      knownHosts: new KnownHostsFile(opts.knownHostsFile ?? opts.inventory.knownHosts),
      ...(opts.hostKeyPrompt ? { prompt: opts.hostKeyPrompt } : {}),
      acceptNewHostKeys: opts.acceptNewHostKeys ?? false,
    });
    this.keys = new KeyStore({
      ...(opts.passphrase ? { passphrase: opts.passphrase } : {}),
      ...(opts.maxPassphraseAttempts ? { maxPassphraseAttempts: opts.maxPassphraseAttempts } : {}),
    });
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
  }

  /**
   * The connection to an inventory host, through its jump hosts; throws SshError. `waiter`: the
   * attempt asking, told about questions and given up when its signal aborts (none: waits to the end).
   */
  async get(name: string, waiter?: ConnectWaiter): Promise<Connection> {
    if (this.closed) throw new SshError('config', 'the SSH connections of this run are closed');
    const route = routeTo(this.opts.inventory, name);
    let via: { client: Client; name: string } | undefined;
    for (let i = 0; i < route.hosts.length; i++) {
      const host = route.hosts[i]!;
      const key = route.keys[i]!;
      let p = this.live.get(key);
      if (!p) {
        const hopVia = via;
        const fresh = new HopWaiters();
        p = connectHop(
          {
            target: { name: host.name, address: host.address, port: host.port },
            auth: {
              username: host.user,
              host: host.name,
              identities: host.identities.length > 0 ? host.identities : this.defaultIdentities(),
              ...(this.agentSocket() ? { agent: this.agentSocket()! } : {}),
            },
            ...(hopVia ? { via: hopVia } : {}),
          },
          { policy: this.policy, keys: this.keys, timeouts: this.timeouts },
          fresh.scope,
        );
        const opened = p;
        this.live.set(key, opened);
        this.opening.set(opened, fresh);
        opened.then(
          (client) => {
            this.opening.delete(opened);
            this.track(key, opened, client);
          },
          () => {
            this.opening.delete(opened);
            if (this.live.get(key) === opened) this.live.delete(key);
          },
        );
      }
      const waiters = this.opening.get(p);
      via = { client: await (waiters ? waiters.wait(p, waiter) : p), name: host.name };
    }
    const target = route.hosts[route.hosts.length - 1]!;
    return { client: via!.client, label: `${target.name} (${target.address}:${target.port})` };
  }

  /** Forget a connection that failed under a command, so the next get() reconnects. */
  drop(client: Client): void {
    for (const [key, p] of this.live) {
      void p.then(
        (c) => c === client && this.live.get(key) === p && this.live.delete(key),
        () => {},
      );
    }
    client.end();
  }

  isOpen(client: Client): boolean {
    return this.clients.has(client);
  }

  async closeAll(): Promise<void> {
    this.closed = true;
    // Openings are given up: their questions are withdrawn and nothing they were asked is applied.
    for (const w of this.opening.values()) w.giveUp();
    const all = [...this.clients];
    this.live.clear();
    // Innermost first would be politer, but ending the outer hops closes the inner ones anyway.
    await Promise.all(
      all.map(
        (c) =>
          new Promise<void>((resolve) => {
            const t = setTimeout(resolve, 2_000);
            c.once('close', () => {
              clearTimeout(t);
              resolve();
            });
            c.end();
          }),
      ),
    );
  }

  private defaults: string[] | undefined;
  private defaultIdentities(): string[] {
    return (this.defaults ??= this.opts.defaultIdentities ?? defaultIdentityFiles());
  }

  private agentSocket(): string | undefined {
    if (this.opts.agent === false) return undefined;
    return this.opts.agent ?? (process.env.SSH_AUTH_SOCK || undefined);
  }

  private track(key: string, p: Promise<Client>, client: Client): void {
    this.clients.add(client);
    if (this.closed) client.end();
    client.on('error', () => {}); // reported through the command that was using it
    client.on('close', () => {
      this.clients.delete(client);
      if (this.live.get(key) === p) this.live.delete(key);
    });
  }
}
