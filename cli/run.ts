// `drillbook run RUNBOOK.md --headless ...` and `drillbook run --resume RUN_DIR`: scheduled
// restore tests and CI. Progress goes to stderr, one line per step; stdout gets the run folder
// (and, with --print-acks, an `ack seq=N head=H` line after each journal fsync, which the crash
// tests compare with what survives a SIGKILL). Exit 0 only when every step succeeded.
// The run goes through the same Engine and contract as the app's; only the answers differ: the
// command line answers what a commander would be asked (host keys, passphrases, manual steps).
import { writeSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ApiError, type RunView } from '../core/api';
import { Engine } from '../core/engine';
import { engineSecret } from '../core/engine-secrets';
import type { PassphraseProvider } from '../core/exec/ssh/key-store';
import { parseBindArgs } from '../core/inventory/bind';
import { resolveDataDir } from '../core/paths';
import { checkRunFolder, RunFolderError } from '../core/run/run-folder-read';
import { describeHolder, RunLockError } from '../core/run/run-lock';
import { PINNED_RUNBOOK } from '../core/run/run-store';
import { readRunbookFile } from '../core/runbook/files';
import { resolveS3Config } from '../core/s3/config';
import { memorySettingsStore } from '../core/settings';
import { checkRunExports, exportAfterRun, exportOptions, exportsFrom } from './export';
import { drive, type ManualPolicy } from './headless-drive';
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

/** Could not run: the CLI prints each line and exits 2 (nothing was changed). */
class Refusal extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

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

/** --out must be new or empty: a run folder is never mixed with other files. */
async function emptyOrMissing(dir: string): Promise<void> {
  try {
    const entries = await readdir(dir);
    if (entries.length)
      throw new Refusal([`--out ${dir}: the folder is not empty; give a new or empty folder (or --resume ${dir} to continue a run there)`]);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') throw new Refusal([`--out ${dir}: not a folder`]);
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** An engine refusal as lines: each problem on its own when the engine listed them. */
const linesOf = (err: Error) => (err instanceof ApiError && err.details?.length ? err.details : err.message.split('\n'));

interface Started {
  view: RunView;
  notes: string[];
}

/** The one runbook file through the engine's library: its lint errors as file:line:col, then the run. */
async function startNew(engine: Engine, file: string, start: Omit<Parameters<Engine['startRun']>[0], 'id' | 'version'>): Promise<Started> {
  const lib = await engine.listRunbooks();
  const entry = [...lib.groups.flatMap((g) => g.versions), ...lib.invalid].find((v) => v.file === file);
  if (!entry) throw new Refusal([`${file}: no such runbook file`]);
  if (!entry.valid) throw new Refusal(entry.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`));
  return { view: await engine.startRun({ ...start, id: entry.id, version: entry.version, strict: true }), notes: [] };
}

/** Reopen a run folder: its lock, its verified journal, the pinned runbook.md (whatever the original says now). */
async function reopen(engine: Engine, dir: string, runbookFile: string | undefined): Promise<Started> {
  const view = await engine.openRunFolder(dir);
  if (view.heldBy)
    throw new Refusal([`${dir} is in use by ${describeHolder(view.heldBy)}; only one process may write a run: wait for it to end`]);
  if (view.readOnly) throw new Refusal([view.readOnly]);
  const notes = view.problem ? [view.problem] : [];
  if (runbookFile) {
    const read = await readRunbookFile(runbookFile);
    const pinned = view.state.runbook.sha256;
    if (read.sha256 !== pinned)
      notes.push(
        `${runbookFile} changed since the run started (SHA-256 ${read.sha256.slice(0, 12)}…, pinned ${pinned.slice(0, 12)}…); following the pinned copy ${path.join(dir, PINNED_RUNBOOK)}`,
      );
  }
  return { view, notes };
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
  const resume = values.resume;
  if (resume !== undefined) {
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
  const refuse = (lines: string[]) => {
    for (const line of lines) io.err(`drillbook run: ${line}`);
    return 2;
  };
  if (values.inventory !== undefined && !(await stat(values.inventory).catch(() => undefined))?.isFile())
    return refuse([`--inventory ${values.inventory}: no such file`]);

  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : resolveDataDir();
  const inventory = values.inventory ? path.resolve(values.inventory) : undefined;
  let runDir: string | undefined;
  try {
    if (values.out) await emptyOrMissing(values.out);
    if (resume !== undefined) runDir = await checkRunFolder(resume);
  } catch (err) {
    if (err instanceof Refusal) return refuse(err.lines);
    if (err instanceof RunFolderError) return refuse([err.message]);
    throw err;
  }
  const passphrase = envPassphrase();
  const engine = await Engine.create({
    dataDir,
    runbookDirs: [],
    userLibrary: false,
    runbookFiles: resume === undefined ? [path.resolve(runbookFile!)] : [],
    settings: memorySettingsStore(),
    ...(values.out ? { newRunFolder: values.out } : {}),
    ...(values['print-acks'] ? { acked: (_runId, e, head) => void writeSync(1, `ack seq=${e.seq} head=${head}\n`) } : {}),
    // s3-check steps use the inventory's s3: block, where scripts keep it.
    s3Config: () => resolveS3Config({ dataDir, ...(inventory ? { inventory } : {}) }),
    ssh: {
      inventoryFile: inventory ?? path.join(dataDir, 'inventory.yaml'),
      answers: { acceptNewHostKeys: values['accept-new-host-keys'], ...(passphrase ? { passphrase } : {}) },
    },
  });
  const say = (line: string) => io.err(line);
  const ac = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    say(`drillbook run: ${sig}: cancelling the running step; the run stays open for --resume`);
    ac.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    let opened: Started;
    try {
      opened =
        resume !== undefined
          ? await reopen(engine, runDir!, runbookFile)
          : await startNew(engine, path.resolve(runbookFile!), {
              mode,
              actor,
              params,
              bindings: binds,
              ...(values.t0 ? { t0: values.t0 } : {}),
            });
    } catch (err) {
      if (err instanceof Refusal) return refuse(err.lines);
      if (err instanceof ApiError || err instanceof RunLockError) return refuse(linesOf(err));
      throw err;
    }
    const { view } = opened;
    const runId = view.state.runId;
    const dir = engine.runFolder(runId);
    say(`drillbook run: ${view.state.runbook.id}@${view.state.runbook.version} (${view.state.mode}) in ${dir}`);
    for (const note of opened.notes) say(`drillbook run: note: ${note}`);
    if (resume !== undefined && view.state.status === 'active') {
      const { problems } = await engine.checkRun({ runId });
      if (problems.length) return refuse(problems);
      // Attempts a dead process left running were recorded interrupted when the engine opened the
      // run (openRunFolder); drive() runs them again and says so.
    }
    try {
      const result = await drive(engine, { runId, runDir: dir, manual, actor, say, signal: ac.signal });
      say(`drillbook run: ${result.summary}`);
      await exportAfterRun(dir, exportsWanted, say);
      io.out(dir);
      return result.exitCode;
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      say(`drillbook run: ${err.message}`);
      return 1;
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await engine.close();
  }
}
