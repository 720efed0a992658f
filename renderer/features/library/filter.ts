// Library search: every word typed must match the title, id, owner, a tag or the file name.
// Words (not one substring) so "pg restore" finds "PostgreSQL ... restore" by id and title.
import type { Library, RunbookGroup, RunbookVersion } from '../../../core/api';

const haystack = (parts: (string | undefined)[]) => parts.filter(Boolean).join(' \u0000 ').toLowerCase();

const matches = (words: string[], text: string) => words.every((w) => text.includes(w));

export function queryWords(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}

// Each entry's text is built once per loaded library (entries are replaced, never changed, on
// reload), so a keystroke over 1,000 runbooks is only the substring tests.
const texts = new WeakMap<object, string>();
const cached = (o: object, make: () => string) => {
  let t = texts.get(o);
  if (t === undefined) texts.set(o, (t = make()));
  return t;
};

export function groupMatches(g: RunbookGroup, words: string[]): boolean {
  const text = cached(g, () =>
    haystack([g.title, g.id, g.owner, ...g.tags, ...g.versions.flatMap((v) => [v.title, v.owner, v.file, ...v.tags])]),
  );
  return matches(words, text);
}

export function fileMatches(v: RunbookVersion, words: string[]): boolean {
  return matches(
    words,
    cached(v, () => haystack([v.title, v.id, v.owner, v.file, ...v.tags])),
  );
}

export function filterLibrary(lib: Library, query: string): Library {
  const words = queryWords(query);
  if (!words.length) return lib;
  return { groups: lib.groups.filter((g) => groupMatches(g, words)), invalid: lib.invalid.filter((v) => fileMatches(v, words)) };
}
