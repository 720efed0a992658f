// The 500-step run the report benchmark signs (10 phases × 50 steps, every 5th a command step
// with a 400-line evidence file, some skipped), written through the real engine and journal.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Engine } from '../core/engine';
import { Journal } from '../core/run/journal';
import { memorySettingsStore } from '../core/settings';

export const PHASES = 10;
export const PER = 50;

function runbook(): string {
  const out = ['---', 'id: big', 'title: Five hundred steps', 'version: 1.0.0', 'rto: 8h', '---', ''];
  for (let p = 0; p < PHASES; p++) {
    out.push(`# Phase ${p + 1} {budget=45m}`, '');
    for (let s = 0; s < PER; s++) {
      const id = `p${p}-s${s}`;
      if (s % 5 === 4) out.push(`## Run check ${id} {id=${id} estimate=1m}`, '', '```bash {host=local}', `echo check ${id}`, '```', '');
      else out.push(`## Manual step ${id} {id=${id} estimate=30s}`, '', 'A sentence of description for the person doing it.', '');
    }
    out.push('');
  }
  return out.join('\n');
}

/** Write the run under `base`; returns its data folder, run folder and evidence file count. */
export async function bigRun(base: string): Promise<{ dataDir: string; runDir: string; evidenceFiles: number; lines: number }> {
  const dataDir = path.join(base, 'data');
  const lib = path.join(base, 'lib');
  await mkdir(lib, { recursive: true });
  await writeFile(path.join(lib, 'big.md'), runbook());
  let now = Date.parse('2026-11-23T10:00:00Z');
  const engine = await Engine.create({ dataDir, runbookDirs: [lib], settings: memorySettingsStore(), now: () => new Date(now) });
  const { state } = await engine.startRun({ id: 'big', version: '1.0.0', mode: 'drill', actor: 'bench' });
  const runDir = path.join(dataDir, 'runs', state.runId);
  await engine.close();
  // The events the engine and step runner write, appended straight to the real journal.
  const { journal } = await Journal.open(runDir);
  await mkdir(path.join(runDir, 'outputs'), { recursive: true });
  let evidenceFiles = 0;
  const at = () => new Date((now += 20_000));
  for (let p = 0; p < PHASES; p++)
    for (let s = 0; s < PER; s++) {
      const stepId = `p${p}-s${s}`;
      if (s % 5 === 4) {
        const text = Array.from({ length: 400 }, (_, i) => `${stepId} output line ${i}`).join('\n') + '\n';
        const file = `outputs/${stepId}-local.log`;
        await writeFile(path.join(runDir, file), text);
        evidenceFiles++;
        const evidence = { file, sha256: createHash('sha256').update(text).digest('hex'), bytes: Buffer.byteLength(text) };
        await journal.append({ actor: 'bench', type: 'step.started', data: { stepId, attempt: 1, hosts: ['local'] } }, at());
        await journal.append(
          {
            actor: 'bench',
            type: 'step.host.finished',
            data: { stepId, attempt: 1, host: 'local', exitCode: 0, durationMs: 900, evidence },
          },
          at(),
        );
        await journal.append({ actor: 'bench', type: 'step.finished', data: { stepId, attempt: 1, outcome: 'succeeded' } }, at());
      } else if (s % 17 === 3)
        await journal.append({ actor: 'bench', type: 'step.skipped', data: { stepId, reason: 'not applicable in this drill' } }, at());
      else await journal.append({ actor: 'bench', type: 'step.completed', data: { stepId, note: `done ${stepId}` } }, at());
    }
  await journal.append({ actor: 'bench', type: 'run.ended', data: { outcome: 'completed' } }, at());
  await journal.close();
  return { dataDir, runDir, evidenceFiles, lines: journal.lastSeq };
}
