import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findVersion, scanLibrary } from '../../../core/runbook/library';
import { fixture } from './fixtures';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('scanLibrary', async () => {
  const dir = fixture('library');
  const scan = await scanLibrary([dir, join(dir, 'does-not-exist')]);

  it('groups by id, sorted by title, versions newest first by semver', () => {
    expect(scan.library.groups.map((g) => [g.id, g.title, g.versions.map((v) => v.version)])).toEqual([
      ['app-failover', 'Application failover', ['0.1.0']],
      ['db-restore', 'Database restore', ['2.0.0', '1.10.0', '1.2.0', '1.2.0-rc.1', '1.0.0']],
    ]);
  });

  it('lists a file with errors as an invalid version in its group; the group describes the newest valid one', () => {
    const db = scan.library.groups[1]!;
    expect(db).toMatchObject({ owner: 'dba-team', tags: ['database'] });
    const broken = db.versions[0]!;
    expect(broken).toMatchObject({ version: '2.0.0', title: 'Database restore, broken draft', valid: false, rtoMs: 7_200_000 });
    expect(broken.errors).toEqual([
      {
        file: join(dir, 'db/restore-2.0.0.md'),
        line: 12,
        column: 29,
        message: 'unknown step attribute "timout" (did you mean "timeout"?)',
      },
    ]);
    expect(db.versions.slice(1).every((v) => v.valid && v.errors.length === 0)).toBe(true);
  });

  it('lists files without a readable id/version under invalid, skipping README.md', () => {
    expect(scan.library.invalid.map((v) => [v.file, v.id, v.title, v.valid, v.errors.length])).toEqual([
      [join(dir, 'broken.md'), '', 'broken.md', false, 1],
    ]);
  });

  it('hashes the exact bytes and keeps the source of every valid version', () => {
    const file = join(dir, 'db/restore-1.10.0.md');
    const entry = scan.library.groups[1]!.versions[1]!;
    expect(entry).toMatchObject({ file, sha256: sha(file), valid: true });
    const loaded = findVersion(scan, 'db-restore', '1.10.0')!;
    expect(loaded).toMatchObject({ file, sha256: sha(file), source: readFileSync(file, 'utf8') });
    expect(loaded.runbook.version).toBe('1.10.0');
    expect(sha(join(dir, 'broken.md'))).toBe(scan.library.invalid[0]!.sha256);
    expect([...scan.files.keys()].sort()).toEqual([
      'app-failover@0.1.0',
      'db-restore@1.0.0',
      'db-restore@1.10.0',
      'db-restore@1.2.0',
      'db-restore@1.2.0-rc.1',
    ]);
  });

  it('finds the newest valid version when no version is given', () => {
    expect(findVersion(scan, 'db-restore')?.runbook.version).toBe('1.10.0');
    expect(findVersion(scan, 'db-restore', '2.0.0')).toBeUndefined();
    expect(findVersion(scan, 'nope')).toBeUndefined();
  });

  it('flags both files claiming the same id@version, naming the other', async () => {
    const d = fixture('duplicates');
    const { library, files } = await scanLibrary([d]);
    const versions = library.groups[0]!.versions;
    expect(versions.map((v) => [v.file, v.version, v.valid])).toEqual([
      [join(d, 'c.md'), '1.1.0', true],
      [join(d, 'a.md'), '1.0.0', false],
      [join(d, 'b.md'), '1.0.0', false],
    ]);
    expect(versions[1]!.errors[0]!.message).toBe(
      `dup@1.0.0 is also defined in ${join(d, 'b.md')}; each version needs its own version number`,
    );
    expect(versions[2]!.errors[0]!.message).toBe(
      `dup@1.0.0 is also defined in ${join(d, 'a.md')}; each version needs its own version number`,
    );
    expect([...files.keys()]).toEqual(['dup@1.1.0']);
  });
});

describe('scanLibrary on a folder tree', () => {
  const root = mkdtempSync(join(tmpdir(), 'drillbook-library-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('skips dot-folders and node_modules, reads nested folders, and reports bytes that are not UTF-8', async () => {
    cpSync(fixture('library/app-failover.md'), join(root, 'nested/deep/app.md'), { recursive: true });
    for (const skipped of ['.git', 'node_modules/pkg', '.drafts']) {
      mkdirSync(join(root, skipped), { recursive: true });
      cpSync(fixture('library/db/restore-1.0.0.md'), join(root, skipped, 'x.md'));
    }
    writeFileSync(join(root, 'latin1.md'), Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xe9, 0x0a]));
    writeFileSync(join(root, 'notes.txt'), 'not markdown');
    const { library } = await scanLibrary([root]);
    expect(library.groups.map((g) => g.versions.map((v) => v.file))).toEqual([[join(root, 'nested/deep/app.md')]]);
    expect(library.invalid.map((v) => [v.file, v.errors[0]!.message])).toEqual([
      [join(root, 'latin1.md'), 'the file is not valid UTF-8 text'],
    ]);
  });

  it('is empty for missing folders', async () => {
    expect(await scanLibrary([join(root, 'missing')])).toEqual({ library: { groups: [], invalid: [] }, files: new Map() });
  });
});
