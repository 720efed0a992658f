// Files no writer means to write: huge, deeply nested, error-flooded, YAML bombs, odd line
// endings. Each gets a clear message at a real position instead of a freeze or an internal error.
import { describe, expect, it } from 'vitest';
import { analyzeRunbook } from '../../../core/runbook/parse';
import { MAX_ERRORS } from '../../../core/runbook/limits';
import { errorsOf, FM, withFm } from './fixtures';

describe('size, nesting and error limits', () => {
  it('a file over 1 MB is refused at 1:1 with its size', () => {
    expect(errorsOf(withFm('# P\n- [ ] a\n' + 'x'.repeat(10 * 1024 * 1024)))).toEqual([
      '1:1: runbook is 10.0 MB; the limit is 1 MB: split it into smaller runbooks',
    ]);
  });

  it('nesting deeper than supported is refused at the deepest line', () => {
    const lists = Array.from({ length: 800 }, (_, i) => `${' '.repeat(i * 2)}- x`).join('\n');
    expect(errorsOf(withFm(`# P\n- [ ] a\n${lists}\n`))).toEqual([
      '112:1: line 112 is nested too deeply: its indentation and list or quote markers take 202 columns, at most 200 are supported; flatten the list or quote',
    ]);
    expect(errorsOf(withFm(`# P\n- [ ] a\n${'> '.repeat(150)}x\n`))).toEqual([
      expect.stringMatching(/^12:1: line 12 is nested too deeply: .* 300 columns/),
    ]);
    expect(errorsOf(withFm(`# P\n- [ ] a\n${'- '.repeat(90)}x\n`))).toEqual([]);
  });

  it('errors are capped, with how many more there are', () => {
    const src = withFm(`# P\n## S\n\`\`\`bash {host=db}\necho ${'{{a}}'.repeat(5000)}\n\`\`\`\n`);
    const errors = analyzeRunbook(src, 'x.md').errors;
    expect(errors).toHaveLength(MAX_ERRORS + 1);
    expect(errors[MAX_ERRORS]).toEqual({
      file: 'x.md',
      line: 13,
      column: 506,
      message: `and 4900 more errors (only the first ${MAX_ERRORS} are listed)`,
    });
  });
});

describe('YAML that would exhaust the parser', () => {
  it('an alias bomb is refused at its first alias', () => {
    const bomb = `---\nid: t\ntitle: T\nversion: 1.0.0\ndescription: &a x\ntags: [${Array(200).fill('*a').join(',')}]\n---\n# P\n- [ ] a\n`;
    expect(errorsOf(bomb)).toEqual(['6:8: front matter YAML uses aliases (*name) more than 100 times; write the values out instead']);
  });

  it('flow nesting deeper than supported is refused where it gets too deep', () => {
    const deep = `---\nid: t\ntitle: T\nversion: 1.0.0\ndescription: ${'['.repeat(9000)}${']'.repeat(9000)}\n---\n# P\n- [ ] a\n`;
    expect(errorsOf(deep)).toEqual(['5:78: front matter YAML is nested more than 64 levels deep; flatten it']);
  });
});

describe('line endings', () => {
  it('lone CR line endings give the same positions as LF', () => {
    const lf = `${FM}\n# P\n## S\n\`\`\`bash {host=nope}\necho {{nope}}\n\`\`\`\n`;
    const expected = errorsOf(lf);
    expect(expected).toHaveLength(2);
    expect(errorsOf(lf.replace(/\n/g, '\r'))).toEqual(expected);
    expect(errorsOf(lf.replace(/\n/g, '\r\n'))).toEqual(expected);
  });
});

describe('positions found by fuzzing', () => {
  it('an s3-check fence on the last line, with no body, is reported on that line', () => {
    const src = withFm('# P\n## S\n```s3-check');
    expect(errorsOf(src)).toEqual(['12:12: s3-check body: expected YAML keys: bucket, prefix, max_age, min_size, max_size_change, sha256']);
  });
});
