// Seeded hostile and mutated documents (the runbook fuzzer's generators, over the import
// fixtures and the bundled runbooks), as markdown and as HTML: each gives a draft or an
// ApiError, never another exception, and every report line is a line of the source.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../core/errors';
import { importDocument } from '../../../core/import/import-document';
import { input, rng, seedRunbooks } from '../../fuzz/runbook-fuzz';
import { fixturesDir } from './documents';

const COUNT = 300;

describe('import fuzzing', () => {
  it(`${COUNT} seeded inputs: a draft or a clear refusal, report lines inside the source`, () => {
    const docs = readdirSync(fixturesDir).map((f) => readFileSync(path.join(fixturesDir, f), 'utf8'));
    const seeds = [...docs, ...seedRunbooks()];
    const r = rng(20_261_201);
    const crashes: string[] = [];
    const outside: string[] = [];
    let drafts = 0;
    for (let i = 0; i < COUNT; i++) {
      const { kind, text } = input(seeds, r);
      const fileName = i % 3 === 0 ? `case-${i}.html` : `case-${i}.md`;
      try {
        const { report } = importDocument({ source: text, fileName });
        drafts++;
        const lines = text.split(/\r\n|\r|\n/).length;
        for (const l of report.lint) if (l.message.startsWith('internal error')) crashes.push(`${fileName} (${kind}): draft: ${l.message}`);
        for (const item of report.items)
          if (item.line < 1 || item.endLine > lines) outside.push(`${fileName} (${kind}): ${item.line}-${item.endLine} of ${lines}`);
      } catch (err) {
        if (!(err instanceof ApiError)) crashes.push(`${fileName} (${kind}): ${(err as Error).stack?.split('\n').slice(0, 3).join(' ')}`);
      }
    }
    expect(crashes).toEqual([]);
    expect(outside).toEqual([]);
    expect(drafts).toBeGreaterThan(COUNT / 2);
  }, 240_000);
});
