// The `drillbook` command table. Each command is imported only when used, so `lint` in CI does
// not load the server, and a broken optional piece cannot break unrelated commands.
import { parseArgs } from 'node:util';
import pkg from '../package.json' with { type: 'json' };
import type { Io } from './io';

interface Command {
  usage: string;
  summary: string;
  run(argv: string[], io: Io): Promise<number>;
}

const lintUsage = 'lint PATH...';
const lintSummary =
  'Check runbook files (or folders); one "file:line:col: message" line per error, exit 1 if any (2 if a path does not exist or holds no runbook).';

async function lintCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { help: { type: 'boolean', short: 'h', default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return (io.out(`Usage: drillbook ${lintUsage}\n\n${lintSummary}`), 0);
  if (positionals.length === 0) return (io.err(`Usage: drillbook ${lintUsage}`), 2);
  // The parse worker boots while the lint modules load.
  (await import('../core/runbook/parse-pool')).warmParseWorker();
  const { lint } = await import('./lint');
  return lint(positionals, io.out);
}

// Next: run (--headless), status, report, verify, keys, library, import — one entry each.
export const commands: Record<string, Command> = {
  lint: { usage: lintUsage, summary: lintSummary, run: lintCommand },
  serve: {
    usage: 'serve [--port N] [--no-open] [--data-dir DIR]',
    summary: 'Browser mode: serve the UI on 127.0.0.1 and print its URL (with an access token).',
    run: async (argv, io) => (await import('./serve')).serve(argv, io),
  },
  open: {
    usage: 'open RUNBOOK_ID[@VERSION] [--param K=V] [--mode incident] [--t0 ISO] | open drillbook://open?...',
    summary: 'Browser mode on the start form of a runbook, pre-filled (from an alert); never starts a run by itself.',
    run: async (argv, io) => (await import('./open')).open(argv, io),
  },
  run: {
    usage: 'run RUNBOOK.md --headless [...] | --resume RUN_DIR',
    summary: 'Run a runbook without the UI (manual steps per --manual, commands executed); exit 0 when every step succeeded.',
    run: async (argv, io) => (await import('./run')).run(argv, io),
  },
  status: {
    usage: 'status RUN_DIR [--json]',
    summary: 'The RTO clock and step states of a run.',
    run: async (argv, io) => (await import('./status')).status(argv, io),
  },
  export: {
    usage: 'export RUN_DIR --junit F | --json F | --metrics-dir D',
    summary: 'JUnit XML, the status JSON and a Prometheus textfile of a run (as run --headless writes them).',
    run: async (argv, io) => (await import('./export')).exportRun(argv, io),
  },
  'audit-pack': {
    usage: 'audit-pack --from DATE --to DATE --out DIR|FILE.zip',
    summary: 'Signed summary (register, controls, trends) + every run record and report of the period + SHA256SUMS.',
    run: async (argv, io) => (await import('./audit-pack')).auditPack(argv, io),
  },
  report: {
    usage: 'report RUN_DIR --pdf OUT.pdf [--tz ZONE]',
    summary: 'Signed PDF report of a run (also kept in RUN_DIR/reports/).',
    run: async (argv, io) => (await import('./report')).report(argv, io),
  },
  verify: {
    usage: 'verify REPORT.pdf [--run RUN_DIR]',
    summary: 'Check a report: both signatures and, with --run, the journal and evidence.',
    run: async (argv, io) => (await import('./verify')).verify(argv, io),
  },
  keys: {
    usage: 'keys init --name NAME [--org ORG]',
    summary: 'Create the identity that signs reports (also: keys import FILE.p12, keys show).',
    run: async (argv, io) => (await import('./keys')).keys(argv, io),
  },
  library: {
    usage: 'library pull|push FILE...|status',
    summary: 'Runbook library in S3: pull every version (linted) for offline use, publish new versions.',
    run: async (argv, io) => (await import('./library')).library(argv, io),
  },
  archive: {
    usage: 'archive RUN_DIR [--pdf FILE] | --drain',
    summary: 'Upload a finished run (journal, runbook, outputs, report) to S3, write-once.',
    run: async (argv, io) => (await import('./archive')).archive(argv, io),
  },
  diff: {
    usage: 'diff FILE_A FILE_B [--json]',
    summary: 'What changed between two runbook versions (steps added, removed, moved, changed); exit 1 if any.',
    run: async (argv, io) => (await import('./diff')).diff(argv, io),
  },
  import: {
    usage: 'import FILE... [--out DIR] [--id ID] [--version V]',
    summary: 'Draft runbooks from markdown or wiki HTML exports; the import report (by source line) on stderr.',
    run: async (argv, io) => (await import('./import')).importFiles(argv, io),
  },
  print: {
    usage: 'print RUNBOOK.md --pdf OUT.pdf [--html OUT.html]',
    summary: 'A blank paper checklist of a runbook version (boxes, times, initials, deadlines).',
    run: async (argv, io) => (await import('./print')).print(argv, io),
  },
  register: {
    usage: 'register [--json] [--offline]',
    summary: 'Every runbook: last drill, next due, OVERDUE, incidents apart (with the team archive when set).',
    run: async (argv, io) => (await import('./register')).register(argv, io),
  },
  history: {
    usage: 'history [RUNBOOK_ID] [--json]',
    summary: 'Every run of a runbook: outcome, achieved time vs RTO, phase times, report badge, trend.',
    run: async (argv, io) => (await import('./history')).history(argv, io),
  },
  controls: {
    usage: 'controls [--from DATE --to DATE] [--format md|json]',
    summary: 'Per control, every run that evidences it: outcome, RTO/RPO vs targets, report verifies.',
    run: async (argv, io) => (await import('./controls')).controls(argv, io),
  },
};

export function usage(): string {
  const lines = Object.values(commands).map((c) => `  drillbook ${c.usage.padEnd(46)} ${c.summary}`);
  return ['Usage: drillbook <command> [options]', '', ...lines, '', "drillbook <command> --help shows a command's options."].join('\n');
}

export async function runCli(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') return (io.out(usage()), 0);
  if (name === '--version' || name === '-V' || name === 'version') return (io.out(`drillbook ${pkg.version}`), 0);
  const command = name === undefined ? undefined : Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    io.err(name === undefined ? usage() : `drillbook: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    // parseArgs' errors (unknown option, missing value) are usage errors, not crashes.
    const code = (err as { code?: string }).code ?? '';
    if (code.startsWith('ERR_PARSE_ARGS'))
      return (io.err(`drillbook ${name}: ${(err as Error).message}\nUsage: drillbook ${command.usage}`), 2);
    io.err(`drillbook ${name}: ${(err as Error).message}`);
    return 1;
  }
}
