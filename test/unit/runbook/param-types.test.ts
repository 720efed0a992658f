// Parameter `type` and `pattern`: lint says where a declaration is wrong, and one function
// (the engine's start check, the form's as-you-type check) accepts or refuses each value.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../core/engine';
import { paramValueProblem } from '../../../core/runbook/param-types';
import { parseRunbook } from '../../../core/runbook/parse';
import { diffVersions } from '../../../core/runbook/version-diff';
import { memorySettingsStore } from '../../../core/settings';
import { tempDir } from '../run/helpers';
import { errorsOf } from './fixtures';

const runbook = (params: string) => `---
id: pt
title: Param types
version: 1.0.0
params:
${params}
---
# P
## Echo {id=echo}
\`\`\`bash {host=local}
echo {{a}}
\`\`\`
`;

// Per type: values it takes and values it refuses.
const cases = {
  string: { ok: ['anything at all', '5', 'ü ö'], bad: [] },
  integer: { ok: ['0', '5432', '-1', '+7'], bad: ['5.0', '12a', ' 1', '1e3', '99999999999999999999'] },
  duration: { ok: ['30s', '1h30m', '2d'], bad: ['5 days', '1.5h', 'soon', '-5m'] },
  timestamp: {
    ok: ['2026-03-01T14:30:00Z', '2026-03-01T14:30:00+01:00', '2026-03-01T14:30Z', '2026-03-01 14:30:00.123-0500'],
    bad: ['2026-03-01T14:30:00', '2026-03-01', 'yesterday', '2026-13-01T00:00:00Z', '2026-03-01T25:00:00Z'],
  },
  url: {
    ok: ['https://status.example.com/incident/42', 'http://10.0.0.5:8080/', 's3://bucket/key'],
    bad: ['status.example.com', 'https://a b', 'http://'],
  },
  hostname: {
    ok: ['db-2.example.com', 'localhost', 'web1', '10.0.0.5', 'example.com.'],
    bad: ['-db', 'db_2', 'a..b', 'db 2', 'host:22', `${'a'.repeat(64)}.com`],
  },
} as const;

describe('paramValueProblem', () => {
  for (const [type, { ok, bad }] of Object.entries(cases)) {
    it(`type ${type}: accepts ${ok.length} values, refuses ${bad.length} naming the parameter and the expectation`, () => {
      for (const v of ok) expect(paramValueProblem('p', { type: type as keyof typeof cases }, v), v).toBeUndefined();
      for (const v of bad) {
        const problem = paramValueProblem('p', { type: type as keyof typeof cases }, v);
        expect(problem, v).toMatch(new RegExp(`^parameter "p" expects .+ \\(got "${v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\)$`));
      }
    });
  }

  it('pattern: anchored to the whole value', () => {
    expect(paramValueProblem('ticket', { pattern: 'INC-[0-9]+' }, 'INC-42')).toBeUndefined();
    expect(paramValueProblem('ticket', { pattern: 'INC-[0-9]+' }, 'see INC-42')).toBe(
      'parameter "ticket" must match the pattern INC-[0-9]+ (got "see INC-42")',
    );
    expect(paramValueProblem('ticket', { pattern: 'INC-[0-9]+' }, 'INC-42x')).toMatch(/must match the pattern/);
    // Alternation stays inside the anchors.
    expect(paramValueProblem('env', { pattern: 'prod|staging' }, 'prodx')).toMatch(/must match/);
  });

  it('no value is not a type error (required decides that)', () => {
    expect(paramValueProblem('p', { type: 'integer', pattern: 'x' }, '')).toBeUndefined();
  });
});

describe('lint of type and pattern', () => {
  it('accepts every type and a valid pattern', () => {
    const types = Object.keys(cases).map((t, i) => `  p${i}: { type: ${t} }`);
    expect(errorsOf(runbook(`  a: { type: integer, default: 5 }\n  t: { pattern: "INC-[0-9]+" }\n${types.join('\n')}`))).toEqual([]);
  });

  it('names the file position of an unknown type, an invalid pattern and a default that does not fit', () => {
    expect(errorsOf(runbook('  a: { type: int }\n  b: { pattern: "INC-[0-9" }\n  c: { type: duration, default: 5 days }'))).toEqual([
      '6:14: "params.a.type": expected a parameter type: one of string, integer, duration, timestamp, url, hostname (got "int")',
      '7:17: "params.b.pattern": invalid pattern "INC-[0-9": Unterminated character class',
      '8:33: "params.c.default": expects a duration like 30s, 5m, 2h, 1h30m or 1d (got "5 days")',
    ]);
  });

  it('a default must match the pattern too', () => {
    expect(errorsOf(runbook('  a: { pattern: "[a-z]+", default: ABC }'))).toEqual([
      '6:36: "params.a.default": must match the pattern [a-z]+ (got "ABC")',
    ]);
  });
});

describe('engine.startRun checks the values against the declarations', () => {
  let engine: Engine | undefined;
  afterEach(async () => engine?.close());

  async function start(params: Record<string, string>) {
    const lib = await tempDir('drillbook-lib-');
    await writeFile(
      path.join(lib, 'pt.md'),
      runbook('  a: { type: integer, required: true }\n  ts: { type: timestamp }\n  ticket: { pattern: "INC-[0-9]+" }'),
    );
    engine = await Engine.create({ dataDir: await tempDir('drillbook-data-'), runbookDirs: [lib], settings: memorySettingsStore() });
    return engine.startRun({ id: 'pt', version: '1.0.0', mode: 'drill', actor: 'jane', params });
  }

  it('refuses every misfit at once, before the run exists', async () => {
    await expect(start({ a: 'five', ts: '2026-03-01T14:30', ticket: 'x' })).rejects.toThrow(
      'parameter values do not fit the runbook: parameter "a" expects a whole number such as 5432 or -1 (got "five"); ' +
        'parameter "ts" expects a timestamp with a UTC offset such as 2026-03-01T14:30:00Z or 2026-03-01T14:30:00+01:00 (got "2026-03-01T14:30"); ' +
        'parameter "ticket" must match the pattern INC-[0-9]+ (got "x")',
    );
    expect(await engine!.listRuns()).toEqual([]);
  });

  it('starts with values that fit (an optional one left empty)', async () => {
    expect((await start({ a: '5', ts: '2026-03-01T14:30:00+01:00' })).state.params).toEqual({
      a: '5',
      ts: '2026-03-01T14:30:00+01:00',
      ticket: '',
    });
  });
});

describe('comparing versions', () => {
  it('reports a changed type or pattern of a parameter', () => {
    const parse = (params: string) => {
      const r = parseRunbook(runbook(params), 'pt.md');
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return r.runbook;
    };
    const d = diffVersions(
      { runbook: parse('  a: { type: string }') },
      { runbook: parse('  a: { type: integer, pattern: "[1-9][0-9]*" }') },
    );
    expect(d.frontMatter.map((c) => [c.field, c.from, c.to])).toEqual([
      ['param.a.type', 'string', 'integer'],
      ['param.a.pattern', undefined, '[1-9][0-9]*'],
    ]);
  });
});
