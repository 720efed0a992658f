// The app's import: previewImport writes nothing; saveImport puts the draft in the user's
// runbook folder, where the library lists it, and never replaces a file or an id@version.
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../core/api';
import { Engine } from '../../../core/engine';
import { memorySettingsStore } from '../../../core/settings';
import { refusal } from '../engine/fixtures';
import { tempDir } from '../run/helpers';
import { fixturesDir } from './documents';

let engine: Engine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

async function open() {
  const dataDir = await tempDir('drillbook-data-');
  engine = await Engine.create({ dataDir, runbookDirs: [], settings: memorySettingsStore() });
  const events: string[] = [];
  engine.on((e) => events.push(e.type));
  return { dataDir, engine, events };
}

const policy = async () => ({ fileName: 'policy.md', content: await readFile(path.join(fixturesDir, 'db-recovery-policy.md'), 'utf8') });

describe('importing in the app', () => {
  it('previews through the contract (validated input), writing nothing', async () => {
    const { engine: e } = await open();
    const preview = (await dispatch(e, 'previewImport', { ...(await policy()), options: { version: '1.0.0' } })) as Awaited<
      ReturnType<Engine['previewImport']>
    >;
    expect(preview.report.header).toMatchObject({ id: 'postgresql-disaster-recovery-procedure', version: '1.0.0', rto: '4h' });
    expect(preview.source).toBe((await policy()).content);
    expect((await e.listRunbooks()).groups).toEqual([]);
    await expect(dispatch(e, 'previewImport', { fileName: 'x.md', content: 'a', options: { nope: 1 } })).rejects.toThrow(
      /options: Unrecognized key/,
    );
  });

  it('saves the draft as <dataDir>/library/<id>/<id>-<version>.md; the library lists it, valid', async () => {
    const { dataDir, engine: e, events } = await open();
    const { draft } = await e.previewImport(await policy());
    const saved = await e.saveImport({ draft, fileName: 'policy.md' });
    const file = path.join(dataDir, 'library', 'postgresql-disaster-recovery-procedure', 'postgresql-disaster-recovery-procedure-2.3.0.md');
    expect(saved.file).toBe(file);
    expect(await readFile(file, 'utf8')).toBe(draft);
    expect(saved.entry).toMatchObject({
      id: 'postgresql-disaster-recovery-procedure',
      version: '2.3.0',
      valid: true,
      rtoMs: 4 * 3_600_000,
    });
    expect(events).toContain('library.changed');
    const { runbook } = await e.getRunbook({ id: 'postgresql-disaster-recovery-procedure', version: '2.3.0' });
    expect(runbook.phases.map((p) => p.title)).toEqual(['Phase 1: Declaration', 'Phase 2: Activation', 'Phase 3: Recovery']);
  });

  it('refuses an id@version the library has (conflict), and a draft with errors (bad_request); nothing is written', async () => {
    const { engine: e } = await open();
    const { draft } = await e.previewImport(await policy());
    await e.saveImport({ draft });
    const again = await refusal(e.saveImport({ draft: draft.replace('Phase 1: Declaration', 'Phase 1: Declared') }));
    expect(again.code).toBe('conflict');
    expect(again.message).toMatch(
      /^postgresql-disaster-recovery-procedure@2\.3\.0 is already in the library \(.*\): give the draft another id or version$/,
    );
    const broken = await refusal(
      e.saveImport({
        draft: draft
          .replace('version: 2.3.0', 'version: 2.4.0')
          .replace('- [ ] Page the on-call DBA', '- [ ] Page the on-call DBA {timout=5m}'),
        fileName: 'policy.md',
      }),
    );
    expect(broken.code).toBe('bad_request');
    expect(broken.message).toMatch(/^policy\.md: the draft has errors, so nothing was saved: \d+:\d+: unknown step attribute "timout"/);
    expect((await e.listRunbooks()).groups.flatMap((g) => g.versions.map((v) => v.version))).toEqual(['2.3.0']);
  });

  it('never replaces a file at the target path the library has not listed yet, and leaves no temp file behind', async () => {
    const { dataDir, engine: e } = await open();
    const { draft } = await e.previewImport(await policy());
    const folder = path.join(dataDir, 'library', 'postgresql-disaster-recovery-procedure');
    const file = path.join(folder, 'postgresql-disaster-recovery-procedure-2.3.0.md');
    await mkdir(folder, { recursive: true });
    await writeFile(file, 'written by a colleague a moment ago\n');
    const refused = await refusal(e.saveImport({ draft }));
    expect(refused.code).toBe('conflict');
    expect(refused.message).toBe(`${file} already exists: it was not replaced`);
    expect(await readFile(file, 'utf8')).toBe('written by a colleague a moment ago\n');
    expect(await readdir(folder)).toEqual(['postgresql-disaster-recovery-procedure-2.3.0.md']);
  });
});
