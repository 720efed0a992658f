// The executors of a headless run: host=local always; inventory hosts over SSH (one pooled
// connection per host for the run) when roles are bound; s3-check steps against the s3: block
// of the inventory. The inventory is `--inventory FILE`, else <data dir>/inventory.yaml (plus
// ~/.ssh/config hosts). No prompts: unknown host keys are refused (unless
// --accept-new-host-keys), keys come from the agent, unencrypted key files, or an encrypted one
// whose passphrase the caller supplies (DRILLBOOK_KEY_PASSPHRASE).
import path from 'node:path';
import { createRegistry, type ExecutorRegistry } from '../exec/registry';
import type { PassphraseProvider } from '../exec/ssh/key-store';
import { sshForRun } from '../exec/ssh/ssh-run';
import { resolveBindings } from '../inventory/bind';
import { loadInventory } from '../inventory/load';
import type { Inventory } from '../inventory/model';
import type { Runbook } from '../runbook/model';
import { createS3Client } from '../s3/client';
import { endpointLabel, resolveS3Config, S3ConfigError } from '../s3/config';
import { createS3CheckExecutor } from '../s3/s3-check.executor';
import { HeadlessError } from './headless';

export interface HeadlessExecutors {
  registry: ExecutorRegistry;
  /** Role bindings with groups expanded to inventory hosts (what run.started pins). */
  bindings: Record<string, string[]>;
  close(): Promise<void>;
}

export interface HeadlessExecutorOptions {
  runbook: Runbook;
  /** --bind as given (new run), or the run's pinned bindings (resume). */
  bindings: Record<string, string[]>;
  /** Pinned bindings are inventory host names already: no group expansion, no new checks. */
  pinned: boolean;
  inventoryFile?: string;
  dataDir: string;
  /** Steps not yet done: only what they need is set up (no S3 config needed for a run without s3-check). */
  pendingSteps: Set<string>;
  /** Trust and record unknown host keys (`--accept-new-host-keys`); a changed key is refused anyway. */
  acceptNewHostKeys?: boolean;
  /** For encrypted key files; without one they are skipped with a clear reason. */
  passphrase?: PassphraseProvider;
}

/** The inventory file is invalid (its errors are file:line:col); the CLI exits 2. */
export class InventoryError extends HeadlessError {}

async function inventoryOf(file: string): Promise<Inventory> {
  const r = await loadInventory({ file });
  if (!r.ok) throw new InventoryError(r.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`).join('\n'));
  return r.inventory;
}

export async function headlessExecutors(o: HeadlessExecutorOptions): Promise<HeadlessExecutors> {
  const registry = createRegistry();
  const closers: (() => Promise<void>)[] = [];
  const inventoryFile = o.inventoryFile ?? path.join(o.dataDir, 'inventory.yaml');
  const pending = o.runbook.phases.flatMap((p) => p.steps).filter((s) => o.pendingSteps.has(s.id));
  let bindings = o.bindings;
  // A new run checks its --bind against the inventory; a resumed one needs SSH only for what is left.
  const remoteLeft = pending.some((s) => s.action?.type === 'command' && s.action.host !== 'local');
  if (Object.keys(o.bindings).length > 0 && (!o.pinned || remoteLeft)) {
    const inventory = await inventoryOf(inventoryFile);
    if (!o.pinned) {
      const r = resolveBindings(inventory, o.runbook.hosts, o.bindings);
      if (!r.ok) throw new HeadlessError(r.errors.join('\n'));
      bindings = r.bindings;
    }
    const ssh = sshForRun({
      inventory,
      acceptNewHostKeys: o.acceptNewHostKeys === true,
      // The same passphrase again would not be any less wrong.
      ...(o.passphrase ? { passphrase: o.passphrase, maxPassphraseAttempts: 1 } : {}),
    });
    registry.hostResolver(ssh.resolve);
    closers.push(() => ssh.close());
  }
  if (pending.some((s) => s.action?.type === 's3-check')) {
    try {
      const cfg = await resolveS3Config({ dataDir: o.dataDir, ...(o.inventoryFile ? { inventory: o.inventoryFile } : {}) });
      const client = createS3Client(cfg);
      registry.s3Check(createS3CheckExecutor({ client, endpoint: endpointLabel(cfg) }));
      closers.push(async () => client.destroy());
    } catch (err) {
      if (err instanceof S3ConfigError) throw new HeadlessError(`s3-check steps need S3: ${err.message}`);
      throw err;
    }
  }
  return { registry, bindings, close: async () => void (await Promise.allSettled(closers.map((c) => c()))) };
}
