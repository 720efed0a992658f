// docs/RUNBOOK-FORMAT.md is the format's one reference: every key the parser accepts is named
// in it, its examples lint clean, and its table of durations says what the parser does.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../core/runbook/duration';
import { FRONT_MATTER_KEYS, HOST_KEYS, PARAM_KEYS } from '../../../core/runbook/front-matter-schema';
import { analyzeRunbook } from '../../../core/runbook/parse';
import { S3_CHECK_KEYS } from '../../../core/runbook/s3-check';
import { CODE_ATTRS, PHASE_ATTRS, STEP_ATTRS } from '../../../core/runbook/step-attrs';

const doc = readFileSync(path.resolve(import.meta.dirname, '../../../docs/RUNBOOK-FORMAT.md'), 'utf8');
/** From `heading` to the next of `until` (headings inside examples are not section ends). */
const section = (heading: string, until: string) => {
  const start = doc.indexOf(`\n${heading}\n`);
  const end = doc.indexOf(`\n${until}\n`, start);
  expect([start, end], heading).not.toContain(-1);
  return doc.slice(start, end);
};
/** The fenced blocks opened by `fence` + `lang` (four backticks or tildes hold a runbook). */
const blocks = (fence: string, lang: string) =>
  [...doc.matchAll(new RegExp(`^${fence}${lang}\\n([\\s\\S]*?)^${fence}$`, 'gm'))].map((m) => m[1]!);

const wrap = (steps: string) => `---
id: doc-example
title: Doc example
version: 1.0.0
params:
  backup_bucket: { default: prod-db-backups }
hosts:
  app: { many: true }
---

# Phase {budget=1h}

${steps}`;

describe('docs/RUNBOOK-FORMAT.md', () => {
  it('names every front matter key, parameter and host key, step, code block and phase attribute, and s3-check key', () => {
    const where = {
      frontMatter: section('## Front matter', '## Phases'),
      phases: section('## Phases', '## Steps'),
      stepAttrs: section('### Step attributes', '## Actions'),
      actions: section('## Actions', '## Durations'),
      s3: section('### `s3-check`: a backup check', '### No action block: a manual step'),
    };
    const missing = [
      ...[...FRONT_MATTER_KEYS, ...PARAM_KEYS, ...HOST_KEYS].map((k) => [where.frontMatter, k] as const),
      ...STEP_ATTRS.map((k) => [where.stepAttrs, k] as const),
      ...CODE_ATTRS.map((k) => [where.actions, k] as const),
      ...PHASE_ATTRS.map((k) => [where.phases, k] as const),
      ...S3_CHECK_KEYS.map((k) => [where.s3, k] as const),
    ]
      .filter(([text, key]) => !text.includes(`\`${key}`))
      .map(([, key]) => key);
    expect(missing).toEqual([]);
  });

  it('has examples that lint clean', () => {
    const [full] = blocks('~~~~', 'markdown');
    expect(full).toBeDefined();
    expect(analyzeRunbook(full!, 'example.md').errors).toEqual([]);
    const steps = blocks('````', 'markdown');
    expect(steps.length).toBeGreaterThanOrEqual(2);
    for (const s of steps) expect(analyzeRunbook(wrap(s), 'step-example.md').errors).toEqual([]);
  });

  it('lists durations the parser accepts as valid and the others as invalid', () => {
    const table = section('## Durations', '## Parameters');
    const row = table.split('\n').find((l) => l.startsWith('| `30s`'))!;
    const [valid, invalid] = row
      .split('|')
      .slice(1, 3)
      .map((cell) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
    expect(valid!.length).toBeGreaterThan(4);
    expect(invalid!.length).toBeGreaterThan(4);
    expect(valid!.filter((d) => parseDuration(d) === undefined)).toEqual([]);
    expect(invalid!.filter((d) => parseDuration(d) !== undefined)).toEqual([]);
  });
});
