// The outputs a scheduler or CI asks of a finished run, all from one read of its folder: JUnit
// XML (--junit FILE), the `drillbook status --json` object (--json FILE) and a Prometheus
// textfile (--metrics-dir DIR). `drillbook run --headless` calls this after the run, and
// `drillbook export` for any run folder.
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { readFinishedRun } from './finished-run';
import { junitXml } from './junit';
import { metricsFileName, prometheusText } from './prometheus';
import { replaceFile } from './atomic-file';
import { statusJson } from './status-json';

export interface RunExports {
  junit?: string;
  json?: string;
  metricsDir?: string;
}

/** A problem with what was asked (a missing folder): the CLI prints it and exits 2 before a run. */
export class ExportTargetError extends Error {}

/** Checked before a run starts, so a typo in --metrics-dir does not surface only after an hour-long drill. */
export async function checkExportTargets(o: RunExports): Promise<void> {
  if (o.metricsDir !== undefined && !(await stat(o.metricsDir).catch(() => undefined))?.isDirectory())
    throw new ExportTargetError(`--metrics-dir ${o.metricsDir}: no such folder (node_exporter's textfile directory must exist)`);
  for (const [flag, file] of [
    ['--junit', o.junit],
    ['--json', o.json],
  ] as const) {
    if (file !== undefined && (await stat(file).catch(() => undefined))?.isDirectory())
      throw new ExportTargetError(`${flag} ${file}: is a folder; give a file name`);
  }
}

/** Writes what was asked; returns the files written. */
export async function writeRunExports(runDir: string, o: RunExports, now: Date = new Date()): Promise<string[]> {
  await checkExportTargets(o);
  const run = await readFinishedRun(runDir, now);
  const written: string[] = [];
  const put = async (file: string, text: string) => {
    await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await replaceFile(file, text);
    written.push(file);
  };
  if (o.junit !== undefined) await put(o.junit, junitXml(run));
  if (o.json !== undefined) {
    await put(o.json, `${JSON.stringify(statusJson(run.dir, run.runbook, run.clock, run.state, run.notes), null, 2)}\n`);
  }
  if (o.metricsDir !== undefined) await put(path.join(o.metricsDir, metricsFileName(run.runbook.id)), prometheusText(run));
  return written;
}
