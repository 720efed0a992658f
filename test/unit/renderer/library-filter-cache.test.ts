// The search text is remembered per library entry: a reloaded library (new entries) is searched
// by its new text, and the same query over the same entries answers the same.
import { describe, expect, it } from 'vitest';
import type { Library, RunbookVersion } from '../../../core/api';
import { filterLibrary } from '../../../renderer/features/library/filter';

const version = (id: string, title: string, tags: string[] = []): RunbookVersion => ({
  id,
  version: '1.0.0',
  title,
  tags,
  file: `${id}.md`,
  sha256: '0'.repeat(64),
  valid: true,
  errors: [],
});
const library = (titles: string[]): Library => ({
  groups: titles.map((t, i) => {
    const v = version(`rb-${i}`, t);
    return { id: v.id, title: t, tags: [], versions: [v] };
  }),
  invalid: [],
});
const ids = (l: Library) => l.groups.map((g) => g.id);

describe('library search over remembered text', () => {
  it('answers the same for the same entries, query after query', () => {
    const lib = library(['Restore the database', 'Fail over DNS', 'Rotate database keys']);
    expect(ids(filterLibrary(lib, 'database'))).toEqual(['rb-0', 'rb-2']);
    expect(ids(filterLibrary(lib, 'dns'))).toEqual(['rb-1']);
    expect(ids(filterLibrary(lib, 'database'))).toEqual(['rb-0', 'rb-2']);
  });

  it('searches a reloaded library by its new text, not the old', () => {
    const before = library(['Restore the database', 'Fail over DNS']);
    expect(ids(filterLibrary(before, 'database'))).toEqual(['rb-0']);
    const after = library(['Restore the queue', 'Fail over the database']);
    expect(ids(filterLibrary(after, 'database'))).toEqual(['rb-1']);
    expect(ids(filterLibrary(after, 'queue'))).toEqual(['rb-0']);
  });

  it('1,000 runbooks: repeated searches keep finding exactly the matching ones', () => {
    const lib = library(Array.from({ length: 1000 }, (_, i) => `Restore service ${i} ${i % 7 ? 'cache' : 'database'}`));
    let n = 0;
    for (let i = 0; i < 100; i++) n = filterLibrary(lib, 'database').groups.length;
    expect(n).toBe(143);
  });
});
