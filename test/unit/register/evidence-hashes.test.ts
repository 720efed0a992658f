// The register remembers evidence hashes of unchanged files; an edited file is hashed again,
// also one of the same size with its mtime put back. Real files, a real run with a host=local
// command step (its evidence written by the engine), the register read as the app reads it.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTLED_MS, hashesComputed, rememberedHash } from '../../../core/register/evidence-hashes';
import { readProgramme } from '../../../core/register/programme';
import { createRegistry } from '../../../core/exec/registry';
import { Mutex } from '../../../core/mutex';
import { createRun } from '../../../core/run/run-store';
import { runSession } from '../../../core/run/session';
import { StepRunner } from '../../../core/run/step-runner';
import { parseRunbook } from '../../../core/runbook/parse';
import { tempDir } from '../run/helpers';
import { writeLibrary } from './fixture-runs';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const later = () => Date.now() + 10 * SETTLED_MS;
const tick = () => new Promise((r) => setTimeout(r, 30));

/** The same byte count, one byte changed, the mtime put back to the nanosecond (`touch -r`, as a tamperer would). */
async function editInPlace(file: string): Promise<void> {
  const times = `${file}.times`;
  execFileSync('touch', ['-r', file, times]);
  const bytes = await readFile(file);
  bytes[bytes.length - 2] = bytes[bytes.length - 2] === 0x41 ? 0x42 : 0x41;
  await tick(); // past the file system's timestamp granularity, so the ctime moves
  await writeFile(file, bytes);
  execFileSync('touch', ['-r', times, file]);
  await rm(times);
}

describe('rememberedHash', () => {
  it('hashes a settled file once, and again after an edit that keeps its size and mtime', async () => {
    const file = path.join(await tempDir('drillbook-evhash-'), 'e.log');
    await writeFile(file, 'out| restore done\n');
    const mtime = (await stat(file)).mtimeMs;
    const first = await rememberedHash(file, later());
    expect(first).toEqual({ sha256: sha(await readFile(file)), bytes: 18 });
    const n = hashesComputed();
    expect(await rememberedHash(file, later())).toEqual(first);
    expect(hashesComputed()).toBe(n);

    await editInPlace(file);
    expect((await stat(file)).mtimeMs).toBe(mtime);
    const again = await rememberedHash(file, later());
    expect(hashesComputed()).toBe(n + 1);
    expect(again.bytes).toBe(18);
    expect(again.sha256).toBe(sha(await readFile(file)));
    expect(again.sha256).not.toBe(first.sha256);
  });

  it('does not remember a file changed moments ago (its ctime may not show the next change)', async () => {
    const file = path.join(await tempDir('drillbook-evhash-'), 'e.log');
    await writeFile(file, 'out| fresh\n');
    const n = hashesComputed();
    await rememberedHash(file);
    await rememberedHash(file);
    expect(hashesComputed()).toBe(n + 2);
  });
});

describe('register with remembered evidence hashes', () => {
  it('shows an evidence file edited after the last load, size and mtime kept, as changed evidence', async () => {
    const base = await tempDir('drillbook-register-ev-');
    const dataDir = path.join(base, 'data');
    const source = `---\nid: ev\ntitle: Evidence\nversion: 1.0.0\n---\n\n# Go {budget=10m}\n\n## Print {id=print}\n\n\`\`\`bash {host=local}\necho restore done\n\`\`\`\n`;
    const lib = await writeLibrary(path.join(base, 'lib'), { 'ev.md': source });
    const parsed = parseRunbook(source, 'ev.md');
    if (!parsed.ok) throw new Error('fixture runbook does not parse');
    const { open } = await createRun(path.join(dataDir, 'runs'), {
      source: Buffer.from(source),
      runbook: parsed.runbook,
      mode: 'drill',
      t0: new Date().toISOString(),
      params: {},
      actor: 'Jane Doe',
      now: new Date(),
    });
    const session = runSession({ ...open, lock: new Mutex() }, { now: () => new Date(), emit: () => undefined });
    const { done } = await new StepRunner({ registry: createRegistry() }).start(session, 'print', 'Jane Doe');
    expect(await done).toBe('succeeded');
    await open.journal.close();
    const evidence = path.join(open.dir, 'outputs', 'print-local-1.log');

    const load = async () => {
      const p = await readProgramme({ dataDir, runbookDirs: [lib], now: new Date(), teamConfigured: false });
      expect(p.problems).toEqual([]);
      return p.runs[0]!.deviations.filter((d) => d.kind === 'evidence');
    };
    // Settled, so the register remembers its hash.
    await new Promise((r) => setTimeout(r, SETTLED_MS + 100));
    expect(await load()).toEqual([]);
    const n = hashesComputed();
    expect(await load()).toEqual([]);
    expect(hashesComputed()).toBe(n);

    await editInPlace(evidence);
    const changed = await load();
    expect(changed).toHaveLength(1);
    expect(changed[0]!.text).toMatch(
      /outputs\/print-local-1\.log: SHA-256 [0-9a-f]{64} \((\d+) bytes\), expected [0-9a-f]{64} \(\1 bytes\): the file was changed/,
    );
  });
});
