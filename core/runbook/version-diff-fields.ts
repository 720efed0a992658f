// Field-by-field comparison for the version diff: one FieldChange per value that differs, with a
// jsdiff word diff for one-line text and a line diff for commands and descriptions.
import { diffLines, diffWordsWithSpace, type ChangeObject } from 'diff';
import { formatDuration } from './duration';
import type { FieldChange, TextPart } from './version-diff-model';

const toParts = (changes: ChangeObject<string>[]): TextPart[] =>
  changes.map((c) => ({ value: c.value, ...(c.added ? { added: true as const } : {}), ...(c.removed ? { removed: true as const } : {}) }));

/** Words for one-line text, whole lines when either side has several. */
export function textParts(from: string, to: string): TextPart[] {
  const multiLine = from.includes('\n') || to.includes('\n');
  if (!multiLine) return toParts(diffWordsWithSpace(from, to));
  // A missing final newline would show an unchanged last line as removed and added.
  const nl = (s: string) => (s.endsWith('\n') ? s : `${s}\n`);
  return toParts(diffLines(nl(from), nl(to)));
}

/** A whole text as one part; several lines end in a newline, as jsdiff's line parts do. */
function whole(value: string, how: 'added' | 'removed'): TextPart {
  const v = value.includes('\n') && !value.endsWith('\n') ? `${value}\n` : value;
  return how === 'added' ? { value: v, added: true } : { value: v, removed: true };
}

/** A changed display value; text values get a diff of their parts. */
export function change(field: string, label: string, from: string | undefined, to: string | undefined, text = false): FieldChange[] {
  if (from === to) return [];
  const c: FieldChange = { field, label };
  if (from !== undefined) c.from = from;
  if (to !== undefined) c.to = to;
  // Text that appears or goes (a command on a step that was manual) is shown whole, as added or removed lines.
  if (text) c.parts = from === undefined ? [whole(to!, 'added')] : to === undefined ? [whole(from, 'removed')] : textParts(from, to);
  return [c];
}

export const duration = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : formatDuration(ms));
export const flag = (on: boolean): string => (on ? 'yes' : 'no');
export const list = (items: string[]): string | undefined => (items.length ? items.join(', ') : undefined);
/** Empty text counts as not set: a blank description and none are the same to a reader. */
export const optionalText = (s: string | undefined): string | undefined => (s === undefined || s.trim() === '' ? undefined : s.trim());
