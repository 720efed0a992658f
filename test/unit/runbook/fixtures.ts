// Shared helpers: fixture paths and errors in the `line:col: message` form lint prints.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SourceError } from '../../../core/runbook/model';
import { parseRunbook } from '../../../core/runbook/parse';

export const fixture = (...parts: string[]) => fileURLToPath(new URL(`../../fixtures/runbooks/${parts.join('/')}`, import.meta.url));

export const format = (errors: SourceError[]) => errors.map((e) => `${e.line}:${e.column}: ${e.message}`);

/** Errors of a source (or [] when it parses), formatted. */
export function errorsOf(source: string, file = 'test.md'): string[] {
  const r = parseRunbook(source, file);
  return r.ok ? [] : format(r.errors);
}

export const readFixture = (...parts: string[]) => readFileSync(fixture(...parts), 'utf8');

/** A minimal valid front matter, 9 lines long, so bodies start on line 10. */
export const FM = [
  '---',
  'id: t',
  'title: T',
  'version: 1.0.0',
  'params:',
  '  target: { required: true }',
  'hosts:',
  '  db: {}',
  '---',
].join('\n');
export const withFm = (body: string) => `${FM}\n${body}`;
