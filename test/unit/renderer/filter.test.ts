import { describe, expect, it } from 'vitest';
import type { Library, RunbookGroup, RunbookVersion } from '../../../core/api';
import { filterLibrary } from '../../../renderer/features/library/filter';

const version = (o: Partial<RunbookVersion> & { id: string; version: string }): RunbookVersion => ({
  title: o.id,
  tags: [],
  file: `${o.id}.md`,
  sha256: '0'.repeat(64),
  valid: true,
  errors: [],
  ...o,
});
const group = (v: RunbookVersion): RunbookGroup => ({ id: v.id, title: v.title, owner: v.owner, tags: v.tags, versions: [v] });

const lib: Library = {
  groups: [
    group(
      version({
        id: 'postgres-pitr-restore',
        version: '2.1.0',
        title: 'PostgreSQL point-in-time restore',
        owner: 'dba-team',
        tags: ['database', 'postgres'],
      }),
    ),
    group(version({ id: 'dns-failover', version: '1.0.0', title: 'Fail over DNS to the standby region', owner: 'sre', tags: ['network'] })),
    group(version({ id: 'vault-unseal', version: '0.3.0', title: 'Unseal Vault', owner: 'security', tags: ['secrets'] })),
  ],
  invalid: [version({ id: '', version: '', title: '', file: '/rb/broken-backup.md', valid: false })],
};
const ids = (q: string) => {
  const r = filterLibrary(lib, q);
  return [...r.groups.map((g) => g.id), ...r.invalid.map((v) => v.file)];
};

describe('library filter', () => {
  it('shows everything for an empty or blank query', () => {
    expect(ids('')).toHaveLength(4);
    expect(ids('   ')).toHaveLength(4);
  });
  it('matches title, id, owner and tags, case-insensitively', () => {
    expect(ids('postgresql')).toEqual(['postgres-pitr-restore']);
    expect(ids('DNS-FAIL')).toEqual(['dns-failover']);
    expect(ids('security')).toEqual(['vault-unseal']);
    expect(ids('network')).toEqual(['dns-failover']);
  });
  it('requires every word to match somewhere', () => {
    expect(ids('pitr dba')).toEqual(['postgres-pitr-restore']);
    expect(ids('pitr sre')).toEqual([]);
  });
  it('finds invalid files by file name', () => {
    expect(ids('broken')).toEqual(['/rb/broken-backup.md']);
  });
});
