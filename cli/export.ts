// `drillbook export RUN_DIR --junit FILE --json FILE --metrics-dir DIR`: the outputs a headless
// run writes for schedulers and CI, made for any run folder (a run made in the app, or one whose
// CI job lost its artefacts). `drillbook run --headless` takes the same three flags.
// The exporters are imported when used: `drillbook run` starts without them.
import { parseArgs } from 'node:util';
import { resolveDataDir } from '../core/paths';
import type { RunExports } from '../core/run/exports/write-exports';
import type { Io } from './io';

export const exportUsage = `Usage: drillbook export RUN_DIR [--junit FILE] [--json FILE] [--metrics-dir DIR] [--data-dir DIR]

Write a run's outputs for CI servers and monitoring (at least one of):
  --junit FILE        JUnit XML: one testsuite per phase, one testcase per step (failures with
                      exit codes and an output excerpt, skipped steps as skipped), and an
                      "outcome" testcase that fails when the run did not recover
  --json FILE         the object \`drillbook status RUN_DIR --json\` prints
  --metrics-dir DIR   a Prometheus textfile drillbook_<runbook>.prom for node_exporter's
                      textfile collector (outcome, achieved and RTO seconds, backup age,
                      per-phase seconds, last-run time), replaced atomically
RUN_DIR may be a run id in <data dir>/runs/. Files are replaced if they exist.`;

/** The three flags as `parseArgs` options, for `export` and `run --headless`. */
export const exportOptions = {
  junit: { type: 'string' },
  json: { type: 'string' },
  'metrics-dir': { type: 'string' },
} as const;

export function exportsFrom(values: { junit?: string; json?: string; 'metrics-dir'?: string }): RunExports {
  return {
    ...(values.junit !== undefined ? { junit: values.junit } : {}),
    ...(values.json !== undefined ? { json: values.json } : {}),
    ...(values['metrics-dir'] !== undefined ? { metricsDir: values['metrics-dir'] } : {}),
  };
}

/**
 * After a headless run, whatever its outcome: the exports are written and named on stderr. A
 * failure to write them is reported but does not change the run's exit code, which states the run.
 */
/** Before a headless run: a bad target exits 2 now, not after an hour-long drill. Returns the problem. */
export async function checkRunExports(o: RunExports): Promise<string | undefined> {
  if (!Object.keys(o).length) return undefined;
  const { checkExportTargets } = await import('../core/run/exports/write-exports');
  return checkExportTargets(o).then(
    () => undefined,
    (err: Error) => err.message,
  );
}

export async function exportAfterRun(runDir: string, o: RunExports, say: (line: string) => void): Promise<void> {
  if (!Object.keys(o).length) return;
  try {
    const { writeRunExports } = await import('../core/run/exports/write-exports');
    for (const file of await writeRunExports(runDir, o)) say(`drillbook run: wrote ${file}`);
  } catch (err) {
    say(`drillbook run: the run's exports were not written: ${(err as Error).message}`);
  }
}

export async function exportRun(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...exportOptions, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return (io.out(exportUsage), 0);
  const o = exportsFrom(values);
  if (positionals.length !== 1 || !Object.keys(o).length) return (io.err(exportUsage), 2);
  const { resolveRunDir } = await import('./report');
  const { ExportTargetError, writeRunExports } = await import('../core/run/exports/write-exports');
  const runDir = await resolveRunDir(positionals[0]!, values['data-dir'] ?? resolveDataDir());
  try {
    for (const file of await writeRunExports(runDir, o)) io.out(`Wrote ${file}`);
  } catch (err) {
    if (err instanceof ExportTargetError) return (io.err(`drillbook export: ${err.message}`), 2);
    throw err;
  }
  return 0;
}
