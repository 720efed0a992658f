// `drillbook run RUNBOOK.md --headless ...` and `drillbook run --resume RUN_DIR`: scheduled
// restore tests and CI. Progress goes to stderr, one line per step; stdout gets the run folder
// (and, with --print-acks, an `ack seq=N head=H` line after each journal fsync, which the crash
// tests compare with what survives a SIGKILL). Exit 0 only when every step succeeded.
import { writeSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveDataDir } from '../core/paths';
import { drive, markInterrupted, type ManualPolicy } from '../core/run/headless-drive';
import { HeadlessError, resumeHeadless, startHeadless, preflight, type ExecutorsFor, type HeadlessRun } from '../core/run/headless';
import { engineSecret } from '../core/engine-secrets';
import { headlessExecutors } from '../core/run/headless-executors';
import type { PassphraseProvider } from '../core/exec/ssh/key-store';
import { parseBindArgs } from '../core/inventory/bind';
import { RunLockError } from '../core/run/run-lock';
import type { SessionHooks } from '../core/run/session';
import { StepRunner } from '../core/run/step-runner';
import { checkRunExports, exportAfterRun, exportOptions, exportsFrom } from './export';
import type { Io } from './io';

export const runUsage = `Usage: drillbook run RUNBOOK.md --headless [options]
       drillbook run --resume RUN_DIR [RUNBOOK.md] [--manual ...] [--actor NAME]

Run a runbook without the UI: manual steps follow --manual, command steps are executed
(host=local on this machine; other roles on the hosts bound with --bind). Progress goes to
stderr; the run folder is printed on stdout. Exit codes a scheduler can act on:
  0  recovered (RECOVERED, or RECOVERED WITH DEVIATIONS: skips, tolerated failures, late phases)
  1  ran, but not recovered (a step failed or stopped the run; the run is ended aborted)
  2  could not run (bad arguments or runbook, unknown binding, missing inventory, run folder in use)
  130 interrupted (SIGINT/SIGTERM): the run stays open for --resume
  --out RUN_DIR          put the run folder here (must not exist or be empty);
                         default: a new folder under <data dir>/runs/
  --bind ROLE=HOST,..    bind a host role of the runbook to inventory host(s) or @group;
                         repeatable; once one role is bound, every declared role must be
  --inventory FILE       hosts for --bind (SSH) and the s3: block for s3-check steps
                         (default: <data dir>/inventory.yaml, plus ~/.ssh/config hosts);
                         an invalid file exits 2 with its errors as file:line:col
  --accept-new-host-keys trust and record host keys not yet in known_hosts (check their
                         fingerprints first); without it an unknown key fails the step.
                         A CHANGED key is always refused and its command never runs.
                         Keys: ssh-agent, key files; an encrypted key's passphrase is read
                         from $DRILLBOOK_KEY_PASSPHRASE (never from the command line)
  --param K=V            a runbook parameter; repeatable
  --mode drill|incident  default drill
  --t0 ISO               when the incident was declared (default: now)
  --manual confirm|skip|fail
                         manual steps and gates: confirm = done by the headless actor (the
                         default), skip = skipped with that reason, fail = stop the run (exit 1)
  --actor NAME           who the journal names (default: headless)
  --resume RUN_DIR       continue an interrupted run: a step that was running is marked
                         interrupted and run again as a new attempt (commands should be
                         idempotent); the pinned runbook.md is followed
  --data-dir DIR         where runs live (default: $DRILLBOOK_HOME or the app-data folder)
  --print-acks           print "ack seq=N head=HASH" on stdout after each fsynced event
  After the run, whatever its outcome (details: drillbook export --help):
  --junit FILE           write JUnit XML: a testsuite per phase, a testcase per step
  --json FILE            write the object \`drillbook status RUN_DIR --json\` prints
  --metrics-dir DIR      write a Prometheus textfile drillbook_<runbook>.prom there`;

const MANUAL = ['confirm', 'skip', 'fail'] as const;

function pairs(flag: string, values: string[] | undefined): [string, string][] {
  return (values ?? []).map((v) => {
    const at = v.indexOf('=');
    if (at <= 0) throw new UsageError(`${flag} ${v}: expected NAME=VALUE`);
    return [v.slice(0, at).trim(), v.slice(at + 1)];
  });
}

class UsageError extends Error {}

function bindings(values: string[] | undefined): Record<string, string[]> {
  const r = parseBindArgs(values ?? []);
  if (!r.ok) throw new UsageError(r.errors.join('\n'));
  return r.bindings;
}

/** DRILLBOOK_KEY_PASSPHRASE for encrypted keys (tried once per key). Never a flag: argv shows in `ps`. */
function envPassphrase(): PassphraseProvider | undefined {
  const pass = engineSecret('DRILLBOOK_KEY_PASSPHRASE');
  if (pass === undefined) return undefined;
  return async () => pass;
}

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      headless: { type: 'boolean', default: false },
      out: { type: 'string' },
      inventory: { type: 'string' },
      bind: { type: 'string', multiple: true },
      param: { type: 'string', multiple: true },
      mode: { type: 'string' },
      t0: { type: 'string' },
      manual: { type: 'string' },
      actor: { type: 'string' },
      resume: { type: 'string' },
      'data-dir': { type: 'string' },
      'print-acks': { type: 'boolean', default: false },
      'accept-new-host-keys': { type: 'boolean', default: false },
      ...exportOptions,
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return (io.out(runUsage), 0);
  const usage = (why: string) => (io.err(`drillbook run: ${why}\n\n${runUsage}`), 2);
  const manual = (values.manual ?? 'confirm') as ManualPolicy;
  if (!MANUAL.includes(manual)) return usage(`--manual must be confirm, skip or fail, got "${values.manual}"`);
  const mode = values.mode ?? 'drill';
  if (mode !== 'drill' && mode !== 'incident') return usage(`--mode must be drill or incident, got "${mode}"`);
  const actor = (values.actor ?? 'headless').trim();
  if (!actor || actor.length > 100) return usage('--actor must be 1..100 characters');
  if (positionals.length > 1) return usage(`one runbook file at a time (got ${positionals.join(', ')})`);
  const runbookFile = positionals[0];
  if (values.resume !== undefined) {
    const fixed = (['out', 'bind', 'param', 'mode', 't0'] as const).filter((k) => values[k] !== undefined);
    if (fixed.length) return usage(`--${fixed.join(', --')} cannot change when resuming: the run keeps what it started with`);
  } else {
    if (!values.headless) return usage('interactive runs happen in the app (drillbook serve); add --headless to run without it');
    if (!runbookFile) return usage('which runbook? drillbook run RUNBOOK.md --headless');
  }
  let binds: Record<string, string[]>;
  let params: Record<string, string>;
  try {
    binds = bindings(values.bind);
    params = Object.fromEntries(pairs('--param', values.param));
  } catch (err) {
    if (err instanceof UsageError) return usage(err.message);
    throw err;
  }
  const exportsWanted = exportsFrom(values);
  const exportProblem = await checkRunExports(exportsWanted);
  if (exportProblem) return usage(exportProblem);
  if (values.inventory !== undefined && !(await stat(values.inventory).catch(() => undefined))?.isFile()) {
    io.err(`drillbook run: --inventory ${values.inventory}: no such file`);
    return 2;
  }

  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : resolveDataDir();
  const executorsFor: ExecutorsFor = (runbook, b, pinned, pendingSteps) =>
    headlessExecutors({
      runbook,
      bindings: b,
      pinned,
      dataDir,
      pendingSteps,
      ...(values.inventory ? { inventoryFile: path.resolve(values.inventory) } : {}),
      acceptNewHostKeys: values['accept-new-host-keys'],
      ...(envPassphrase() ? { passphrase: envPassphrase()! } : {}),
    });
  const hooks: SessionHooks = {
    now: () => new Date(),
    emit: () => undefined,
    ...(values['print-acks'] ? { acked: (e, head) => void writeSync(1, `ack seq=${e.seq} head=${head}\n`) } : {}),
  };
  const say = (line: string) => io.err(line);
  let opened: HeadlessRun;
  try {
    opened =
      values.resume !== undefined
        ? await resumeHeadless(values.resume, runbookFile, executorsFor, hooks)
        : await startHeadless(
            {
              runbookFile: runbookFile!,
              ...(values.out ? { outDir: values.out } : {}),
              runsDir: path.join(dataDir, 'runs'),
              bindings: binds,
              params,
              mode,
              ...(values.t0 ? { t0: values.t0 } : {}),
              actor,
              now: new Date(),
            },
            executorsFor,
            hooks,
          );
  } catch (err) {
    if (err instanceof HeadlessError || err instanceof RunLockError) {
      for (const line of err.message.split('\n')) io.err(`drillbook run: ${line}`);
      return 2;
    }
    throw err;
  }

  const runner = new StepRunner({ registry: opened.registry });
  const ac = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    say(`drillbook run: ${sig}: cancelling the running step; the run stays open for --resume`);
    ac.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const { session } = opened;
    const st = session.state();
    say(`drillbook run: ${st.runbook.id}@${st.runbook.version} (${st.mode}) in ${session.dir}`);
    for (const note of opened.notes) say(`drillbook run: note: ${note}`);
    if (values.resume !== undefined && st.status === 'active') {
      const problems = preflight(session.runbook, st, opened.registry);
      if (problems.length) {
        for (const p of problems) say(`drillbook run: ${p}`);
        return 2;
      }
      for (const id of await markInterrupted(session, actor))
        say(`drillbook run: step "${id}" was running when the run stopped: marked interrupted; it runs again`);
    }
    const result = await drive(session, runner, { manual, actor, say, signal: ac.signal });
    say(`drillbook run: ${result.summary}`);
    await exportAfterRun(session.dir, exportsWanted, say);
    io.out(session.dir);
    return result.exitCode;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await runner.shutdown('headless run ended');
    await opened.close();
  }
}
