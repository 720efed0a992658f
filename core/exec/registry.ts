// Which executor runs an action on a target: 'local' → the local executor; inventory hosts →
// whatever registered them (SSH); s3-check actions → the S3 executor. A missing one is a clear
// error before anything is journalled, never a silent skip.
import type { CommandAction, S3CheckAction, StepAction } from '../runbook/model';
import type { Executor } from './executor';
import { LocalExecutor, type LocalExecutorOptions } from './local.executor';

export type CommandExecutor = Executor<CommandAction>;
export type CheckExecutor = Executor<S3CheckAction>;

/** The target name an s3-check runs "on" (its evidence file is `<step>-s3-<n>.log`). */
export const S3_TARGET = 's3';

export class ExecutorRegistry {
  private readonly hosts = new Map<string, CommandExecutor>();
  private readonly resolvers: ((host: string) => CommandExecutor | undefined)[] = [];
  private check: CheckExecutor | undefined;

  /** One named host (e.g. 'local'). */
  host(name: string, executor: CommandExecutor): this {
    this.hosts.set(name, executor);
    return this;
  }

  /** Many hosts at once, e.g. every inventory host reached over SSH; first match wins. */
  hostResolver(resolve: (host: string) => CommandExecutor | undefined): this {
    this.resolvers.push(resolve);
    return this;
  }

  s3Check(executor: CheckExecutor): this {
    this.check = executor;
    return this;
  }

  /** A copy that one run can add its own resolvers to (its SSH pool) without touching this one. */
  derive(): ExecutorRegistry {
    const r = new ExecutorRegistry();
    for (const [name, e] of this.hosts) r.host(name, e);
    r.resolvers.push(...this.resolvers);
    r.check = this.check;
    return r;
  }

  /** Whether s3-check steps have an executor (the engine adds its Settings-driven one if not). */
  get hasS3Check(): boolean {
    return this.check !== undefined;
  }

  /** The executor for `action` on `host`, or an Error saying what is missing. */
  resolve(action: StepAction, host: string): Executor<StepAction> {
    if (action.type === 's3-check') {
      if (!this.check) throw new Error('s3-check steps cannot run here yet: no S3 executor is configured');
      return this.check as Executor<StepAction>;
    }
    const found = this.hosts.get(host) ?? this.resolvers.map((r) => r(host)).find((e) => e !== undefined);
    if (!found) {
      throw new Error(
        host === 'local'
          ? 'host=local commands are not enabled here'
          : `no executor for host "${host}": it is not in the inventory, or remote (SSH) execution is not configured`,
      );
    }
    return found as Executor<StepAction>;
  }
}

export interface RegistryOptions {
  local?: LocalExecutorOptions;
}

/** host=local; a run's SSH hosts and s3-check are registered by their owners (adapters/ssh, adapters/s3). */
export function createRegistry(opts: RegistryOptions = {}): ExecutorRegistry {
  return new ExecutorRegistry().host('local', new LocalExecutor(opts.local));
}
