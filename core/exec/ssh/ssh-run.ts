// What a run needs for remote steps: one pool (closed when the run's executions end) and the
// executor, plus a resolver for ExecutorRegistry.hostResolver: inventory hosts go over SSH.
import { SshPool, type SshPoolOptions } from './connection-pool';
import { SshExecutor, type SshExecutorOptions } from './ssh.executor';

export interface SshRun {
  pool: SshPool;
  executor: SshExecutor;
  /** The SSH executor for an inventory host, undefined for anything else (e.g. 'local'). */
  resolve(host: string): SshExecutor | undefined;
  close(): Promise<void>;
}

export function sshForRun(opts: SshPoolOptions & SshExecutorOptions): SshRun {
  const pool = new SshPool(opts);
  const executor = new SshExecutor(pool, opts);
  return {
    pool,
    executor,
    resolve: (host) => (host !== 'local' && opts.inventory.hosts.has(host) ? executor : undefined),
    close: () => pool.closeAll(),
  };
}
