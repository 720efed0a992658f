// SSH for the app's runs: the inventory (<data dir>/inventory.yaml, plus ~/.ssh/config hosts),
// role bindings checked when a run starts, and per run one SSH pool, created when its first
// remote step runs and closed when the run ends or the engine closes. An unknown host key or an
// encrypted key's passphrase is asked of the commander through the PromptBroker, or, in a
// headless run, answered by what the command line said (`answers`).
import { ApiError } from '../errors';
import { resolveBindings, type Bindings } from '../inventory/bind';
import type { InventoryView } from '../inventory/inventory-contract';
import { loadInventory } from '../inventory/load';
import type { Inventory } from '../inventory/model';
import type { Runbook } from '../runbook/model';
import { findStep } from '../run/readiness';
import type { RunState } from '../run/state';
import type { ExecutorRegistry } from '../exec/registry';
import type { HopTimeouts } from '../exec/ssh/connect';
import type { PassphraseProvider } from '../exec/ssh/key-store';
import type { PromptBroker } from './prompts.adapter';
import { sshForRun, type SshRun } from '../exec/ssh/ssh-run';

export interface EngineSshOptions {
  inventoryFile: string;
  /** ~/.ssh/config to import hosts from; false: none (default: ~/.ssh/config when it exists). */
  sshConfig?: string | false;
  home?: string;
  /** ssh-agent socket; default SSH_AUTH_SOCK; false: never. */
  agent?: string | false;
  /** Keys for hosts without `identity` (default: ~/.ssh/id_{ed25519,ecdsa,rsa} that exist). */
  defaultIdentities?: string[];
  timeouts?: Partial<HopTimeouts>;
  /**
   * No one to ask (headless): unknown host keys are accepted only when this says so (a changed
   * key never is), and an encrypted key gets this passphrase, once. Without it: the PromptBroker.
   */
  answers?: { acceptNewHostKeys: boolean; passphrase?: PassphraseProvider };
}

type Loaded = { ok: true; inventory: Inventory; warnings: string[] } | { ok: false; errors: string[] };

interface RunSsh {
  ssh: SshRun;
  registry: ExecutorRegistry;
}

/** A run as this needs it (the engine's LiveRun fits). */
export interface RunRef {
  runId: string;
  runbook: Runbook;
  state: RunState;
}

export class EngineSsh {
  private readonly opening = new Map<string, Promise<RunSsh>>();
  private readonly ready = new Map<string, RunSsh>();
  private closed = false;

  constructor(
    private readonly opts: EngineSshOptions,
    /** The engine's executors (local, S3, any the host brought): a run's SSH is added to a copy. */
    private readonly base: ExecutorRegistry,
    private readonly prompts: PromptBroker,
  ) {}

  /** Read fresh each time: the user may have just fixed the file. */
  private async load(): Promise<Loaded> {
    const file = this.opts.inventoryFile;
    try {
      const r = await loadInventory({
        file,
        ...(this.opts.sshConfig !== undefined ? { sshConfig: this.opts.sshConfig } : {}),
        ...(this.opts.home ? { home: this.opts.home } : {}),
      });
      return r.ok ? r : { ok: false, errors: r.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`) };
    } catch (err) {
      return { ok: false, errors: [`${file}: cannot be read: ${(err as Error).message}`] };
    }
  }

  async view(): Promise<InventoryView> {
    const file = this.opts.inventoryFile;
    const r = await this.load();
    if (!r.ok) return { file, hosts: [], errors: r.errors, warnings: [] };
    const hosts = [...r.inventory.hosts.values()].map((h) => ({
      name: h.name,
      address: h.address,
      port: h.port,
      user: h.user,
      groups: [...h.groups],
      origin: h.origin,
    }));
    return { file, hosts, errors: [], warnings: r.warnings };
  }

  /**
   * The bindings a new run pins: hosts and `@group`s resolved against the inventory. None given
   * is allowed (remote steps are then done by hand or refused); once one role is bound, every
   * declared role must be, and a role that is not `many` takes exactly one host.
   */
  async bindingsFor(runbook: Runbook, given: Bindings | undefined): Promise<Bindings> {
    if (!given || Object.keys(given).length === 0) return {};
    const r = await this.load();
    if (!r.ok) throw new ApiError('bad_request', `hosts cannot be bound: the inventory has errors: ${r.errors.join('; ')}`, r.errors);
    const b = resolveBindings(r.inventory, runbook.hosts, given);
    if (!b.ok) throw new ApiError('bad_request', b.errors.join('; '), b.errors);
    return b.bindings;
  }

  /**
   * Executors to plan steps with before a run exists (nothing connects): the engine's own,
   * plus SSH for the inventory's hosts. Closed by the caller.
   */
  async planning(): Promise<{ registry: ExecutorRegistry; close(): Promise<void> }> {
    const r = await this.load();
    if (!r.ok) return { registry: this.base.derive(), close: async () => undefined };
    const ssh = sshForRun({ inventory: r.inventory });
    return { registry: this.base.derive().hostResolver(ssh.resolve), close: () => ssh.close() };
  }

  /** Sets up the run's SSH before a step that needs it runs; a no-op for every other step. */
  async prepare(run: RunRef, stepId: string): Promise<void> {
    if (run.state.status !== 'active' || this.ready.has(run.runId)) return;
    const action = findStep(run.runbook, stepId)?.step.action;
    if (
      action?.type !== 'command' ||
      action.host === 'local' ||
      !(Object.hasOwn(run.state.bindings, action.host) && run.state.bindings[action.host]?.length)
    )
      return;
    let p = this.opening.get(run.runId);
    if (!p) {
      p = this.open(run.runId);
      this.opening.set(run.runId, p);
      p.catch(() => this.opening.get(run.runId) === p && this.opening.delete(run.runId));
    }
    await p;
  }

  /** The run's registry (with its SSH) once prepared. */
  registryFor(runId: string): ExecutorRegistry | undefined {
    return this.ready.get(runId)?.registry;
  }

  /** Close the run's connections (it ended) and withdraw its open questions. */
  async close(runId: string): Promise<void> {
    this.prompts.cancelRun(runId);
    const p = this.opening.get(runId);
    this.opening.delete(runId);
    this.ready.delete(runId);
    await p?.then((r) => r.ssh.close()).catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.opening.keys()].map((id) => this.close(id)));
  }

  private async open(runId: string): Promise<RunSsh> {
    const r = await this.load();
    if (!r.ok) throw new ApiError('invalid_state', `remote steps need the inventory, which has errors: ${r.errors.join('; ')}`);
    if (this.closed) throw new ApiError('internal', 'the engine is closed');
    const answers = this.opts.answers;
    const ssh = sshForRun({
      inventory: r.inventory,
      ...(answers
        ? {
            acceptNewHostKeys: answers.acceptNewHostKeys,
            // The same passphrase again would not be any less wrong.
            ...(answers.passphrase ? { passphrase: answers.passphrase, maxPassphraseAttempts: 1 } : {}),
          }
        : { hostKeyPrompt: this.prompts.hostKeyPrompt(runId), passphrase: this.prompts.passphrase(runId) }),
      ...(this.opts.agent !== undefined ? { agent: this.opts.agent } : {}),
      ...(this.opts.defaultIdentities ? { defaultIdentities: this.opts.defaultIdentities } : {}),
      ...(this.opts.timeouts ? { timeouts: this.opts.timeouts } : {}),
    });
    const made = { ssh, registry: this.base.derive().hostResolver(ssh.resolve) };
    this.ready.set(runId, made);
    return made;
  }
}
