// The `s3-check` action as an Executor: read the (params-substituted) block, run the rules,
// stream the evidence to ctx.onOutput, exit 0 when every rule passes, 1 when one fails. The
// structured findings ride along on the result (and onFindings) for the report's RPO line.
import type { S3Client } from '@aws-sdk/client-s3';
import type { S3CheckAction } from '../runbook/model';
import { paramRefs } from '../runbook/params';
import { readS3Check } from '../runbook/s3-check';
import type { ExecContext, ExecResult, Executor } from '../exec/executor';
import { checkBackups, type S3CheckFindings } from './backup-check';
import { describeS3Error, S3Failure } from './errors';

export interface S3CheckResult extends ExecResult {
  findings?: S3CheckFindings;
}

export interface S3CheckExecutorOptions {
  /** A client, or where to get one when a step runs (so Settings changes apply). */
  client: S3Client | (() => S3Client | Promise<S3Client>);
  /** For messages: the endpoint as the user configured it. */
  endpoint: string | (() => string);
  now?: () => Date;
  onFindings?: (findings: S3CheckFindings) => void;
  /** Objects per listing page; S3's maximum (1,000) unless a test wants many pages. */
  pageSize?: number;
}

export interface S3CheckExecutor extends Executor<S3CheckAction> {
  run(action: S3CheckAction, ctx: ExecContext): Promise<S3CheckResult>;
  /** The findings of the last run that got as far as listing. */
  lastFindings?: S3CheckFindings;
}

// setTimeout's ceiling; a step without a real timeout gets no timer.
const MAX_TIMER = 2_147_483_647;

export function createS3CheckExecutor(opts: S3CheckExecutorOptions): S3CheckExecutor {
  const exec: S3CheckExecutor = {
    async run(action, ctx) {
      const say = (stream: 'stdout' | 'stderr', line: string) => ctx.onOutput(stream, Buffer.from(`${line}\n`));
      let spec;
      try {
        // Lint accepts "{{param}}" values; at run time they must have been substituted.
        const left = paramRefs(action.body).map((r) => `{{${r.name}}}`);
        if (left.length > 0) throw new Error(`s3-check: parameter ${left.join(', ')} was not substituted`);
        spec = readS3Check(action.body);
      } catch (err) {
        say('stderr', (err as Error).message);
        return { exitCode: null, error: (err as Error).message };
      }
      let endpoint = typeof opts.endpoint === 'string' ? opts.endpoint : 'S3';
      const timer =
        Number.isFinite(ctx.timeoutMs) && ctx.timeoutMs > 0 ? AbortSignal.timeout(Math.min(ctx.timeoutMs, MAX_TIMER)) : undefined;
      const signal = timer ? AbortSignal.any([ctx.signal, timer]) : ctx.signal;
      try {
        const client = typeof opts.client === 'function' ? await opts.client() : opts.client;
        if (typeof opts.endpoint === 'function') endpoint = opts.endpoint();
        const findings = await checkBackups(client, spec, {
          where: { endpoint },
          now: opts.now?.() ?? new Date(),
          signal,
          onLine: (l) => say('stdout', l),
          ...(opts.pageSize ? { pageSize: opts.pageSize } : {}),
        });
        exec.lastFindings = findings;
        opts.onFindings?.(findings);
        if (findings.pass) return { exitCode: 0, findings };
        const failed = findings.rules.filter((r) => r.status === 'fail').map((r) => `${r.rule}: ${r.message}`);
        return { exitCode: 1, findings, failure: failed.join('; ') || 'the backup check failed' };
      } catch (err) {
        if (ctx.signal.aborted)
          return (say('stderr', 's3-check cancelled'), { exitCode: null, cancelled: true, error: 's3-check cancelled' });
        if (timer?.aborted) {
          const error = `s3-check did not finish within the step timeout (${Math.round(ctx.timeoutMs / 1000)}s)`;
          return (say('stderr', error), { exitCode: null, timedOut: true, error });
        }
        const f = err instanceof S3Failure ? err : describeS3Error(err, { endpoint, bucket: spec.bucket });
        say('stderr', f.message);
        return { exitCode: null, error: f.message };
      }
    },
  };
  return exec;
}
