import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../../core/runbook/parse';
import { readS3Check } from '../../../core/runbook/s3-check';
import { errorsOf, format, withFm } from './fixtures';

const ok = (source: string) => {
  const r = parseRunbook(source, 'rb.md');
  if (!r.ok) throw new Error(format(r.errors).join('\n'));
  return r;
};

describe('front matter', () => {
  it('reports errors at the real file line, past comments and blank lines', () => {
    const src = ['---', '# who owns this', 'id: x', '', 'title: X', 'version: 1.0.0', 'rpo: soon', '---', '# P', '- [ ] a'].join('\n');
    expect(errorsOf(src)).toEqual(['7:6: "rpo": expected a duration like 30s, 5m, 2h, 1h30m or 1d (got "soon")']);
  });

  it('reports every missing required key at the opening line', () => {
    expect(errorsOf('---\nowner: me\n---\n# P\n- [ ] a')).toEqual([
      '1:1: missing required front matter key "id"',
      '1:1: missing required front matter key "title"',
      '1:1: missing required front matter key "version"',
    ]);
  });

  it('rejects YAML duplicate keys and non-mapping front matter', () => {
    expect(errorsOf('---\nid: a\nid: b\ntitle: T\nversion: 1.0.0\n---\n# P\n- [ ] a')).toEqual([
      '3:1: front matter is not valid YAML: Map keys must be unique',
    ]);
    expect(errorsOf('---\n- a\n- b\n---\n# P\n- [ ] a')).toEqual([
      '2:1: front matter must be YAML "key: value" lines (id, title, version, ...)',
    ]);
  });

  it('accepts a byte order mark and CRLF line endings with unchanged positions', () => {
    const src = '\uFEFF' + withFm('# P\n\n## S\n\n```bash {host=db}\necho {{nope}}\n```\n').replace(/\n/g, '\r\n');
    expect(errorsOf(src)).toEqual(['15:6: undeclared parameter "{{nope}}"; declare it under params: in the front matter']);
  });

  it('reports front matter and body problems in one pass', () => {
    const src = [
      '---',
      'id: x',
      'title: X',
      'version: 1.0.0',
      'rto: 1h',
      'colour: red',
      '---',
      '# P {budget=1x}',
      '- [ ] a {timout=1m}',
    ].join('\n');
    expect(errorsOf(src)).toEqual([
      '6:1: unknown front matter key "colour"',
      '8:13: attribute "budget" expects a duration like 30s, 5m, 2h, 1h30m or 1d (got "1x")',
      '9:10: unknown step attribute "timout" (did you mean "timeout"?)',
    ]);
  });

  it('does not check host and param references against a section it could not read', () => {
    const src = [
      '---',
      'id: x',
      'title: X',
      'version: 1.0.0',
      'hosts: [db]',
      '---',
      '# P',
      '## S',
      '```bash {host=db}',
      'echo {{a}}',
      '```',
    ].join('\n');
    expect(errorsOf(src)).toEqual([
      '5:8: "hosts": expected a mapping of host roles to { description, many }',
      '10:6: undeclared parameter "{{a}}"; declare it under params: in the front matter',
    ]);
  });
});

describe('structure', () => {
  it('warns about empty phases and budgets beyond the RTO, without failing', () => {
    const src = [
      '---',
      'id: x',
      'title: X',
      'version: 1.0.0',
      'rto: 1h',
      '---',
      '# A {budget=45m}',
      '- [ ] a',
      '# Empty',
      '# B {budget=30m}',
      '- [ ] b',
    ].join('\n');
    const r = ok(src);
    expect(format(r.warnings)).toEqual([
      '9:1: phase "Empty" has no steps',
      '10:1: phase budgets reach 1h15m by "B", more than the rto of 1h',
    ]);
  });

  it('rejects a duplicate phase title and a step whose text gives no id', () => {
    expect(errorsOf(withFm('# P\n- [ ] a\n# P\n- [ ] !!!\n- [ ] ??? {id=fine}'))).toEqual([
      '12:1: duplicate phase "P" (id "p" is also on line 10); phase titles must differ',
      '13:1: cannot make a step id from "!!!": add {id=...} with a-z, 0-9 and "-"',
    ]);
  });

  it('lets an explicit id resolve a duplicate', () => {
    const r = ok(withFm('# P\n- [ ] Stop the app\n- [ ] Stop the app {id=stop-again}'));
    expect(r.runbook.phases[0]!.steps.map((s) => s.id)).toEqual(['stop-the-app', 'stop-again']);
  });

  it('uses plain text for titles and ids; attributes may be quoted', () => {
    const r = ok(withFm('# Phase *one* {budget=1h}\n## Restart `nginx` now {role="incident commander"}\n'));
    const p = r.runbook.phases[0]!;
    expect([p.id, p.title, p.budgetMs]).toEqual(['phase-one', 'Phase one', 3_600_000]);
    expect(p.steps[0]).toMatchObject({ id: 'restart-nginx-now', title: 'Restart nginx now', attrs: { role: 'incident commander' } });
  });

  it('treats other languages as description and leaves Go templates alone', () => {
    const r = ok(
      withFm("# P\n## S\n\n```yaml\nkey: {{nope}}\n```\n\n```bash {host=local}\ndocker inspect --format '{{.State.Running}}' app\n```"),
    );
    const s = r.runbook.phases[0]!.steps[0]!;
    expect(s.kind).toBe('command');
    expect(s.description).toBe('```yaml\nkey: {{nope}}\n```');
  });

  it('reads continue-on-failure=false and a ## step with no body as manual', () => {
    const s = ok(withFm('# P\n## Decide {continue-on-failure=false}')).runbook.phases[0]!.steps[0]!;
    expect(s).toMatchObject({ kind: 'manual', description: '', attrs: { continueOnFailure: false } });
    expect(s.action).toBeUndefined();
  });

  it('reports malformed attribute tokens', () => {
    expect(errorsOf(withFm('# P\n- [ ] a {=x role="open}'))).toEqual([
      '11:10: malformed attribute "=x": expected key=value or a flag',
      '11:18: unterminated quoted value for attribute "role": expected a closing "',
    ]);
  });

  it('has no phases when only preamble is present', () => {
    expect(errorsOf(withFm('Some text.\n\n### Notes'))).toEqual([
      '1:1: no phases: expected at least one "# Phase title" heading with steps under it',
    ]);
  });
});

describe('robustness', () => {
  it.each([
    '',
    '---',
    '---\n---',
    '\u0000\u0001',
    '# only',
    '{{{{',
    '- [ ] x',
    '---\n: : :\n---\n## {',
    '```s3-check\n',
    '---\nid: [\n---',
  ])('never throws on %j', (src) => {
    const r = parseRunbook(src, 'x.md');
    expect(r.ok).toBe(false);
    if (!r.ok)
      for (const e of r.errors) {
        expect(e.line).toBeGreaterThanOrEqual(1);
        expect(e.column).toBeGreaterThanOrEqual(1);
      }
  });
});

describe('readS3Check', () => {
  it('reads a substituted body into a typed spec', () => {
    expect(readS3Check('bucket: b\nprefix: base/\nmax_age: 25h\nmin_size: 2GiB\nmax_size_change: 20%\nsha256: true')).toEqual({
      bucket: 'b',
      prefix: 'base/',
      maxAgeMs: 25 * 3_600_000,
      minSizeBytes: 2 * 1024 ** 3,
      maxSizeChangePercent: 20,
      sha256: true,
    });
    expect(readS3Check('bucket: b\nprefix: ""\nmin_size: 1000')).toEqual({ bucket: 'b', prefix: '', minSizeBytes: 1000, sha256: false });
  });
  it('throws a readable error', () => {
    expect(() => readS3Check('bucket: b\nmax_age: soon')).toThrow(/prefix.*max_age|max_age.*prefix/);
  });
});
