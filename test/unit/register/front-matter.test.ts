// `drill: { every }` and `controls: [...]` in front matter: read into the runbook, and every bad
// value reported at its file line and column.
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../../core/runbook/parse';

const file = (fm: string) => `---\nid: a\ntitle: A\nversion: 1.0.0\n${fm}\n---\n\n# P\n\n- [ ] x\n`;
const errors = (fm: string) => {
  const r = parseRunbook(file(fm), 'x.md');
  return r.ok ? [] : r.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`);
};

describe('front matter drill and controls', () => {
  it('reads the cadence in milliseconds and the controls as written', () => {
    const r = parseRunbook(file('drill: { every: 1d12h }\ncontrols: [ISO27001-A.8.13, SOC2-A1.3]'), 'x.md');
    expect(r.ok && { drill: r.runbook.drill, controls: r.runbook.controls }).toEqual({
      drill: { everyMs: 36 * 3_600_000 },
      controls: ['ISO27001-A.8.13', 'SOC2-A1.3'],
    });
    const none = parseRunbook(file('owner: me'), 'x.md');
    expect(none.ok && [none.runbook.drill, none.runbook.controls]).toEqual([undefined, undefined]);
  });

  it('reports bad values at file:line:col', () => {
    expect(errors('drill: { every: 30 }')).toEqual(['x.md:5:17: "drill.every": expected a duration like 30s, 5m, 2h, 1h30m or 1d']);
    expect(errors('drill: { every: monthly }')).toEqual([
      'x.md:5:17: "drill.every": expected a duration like 30s, 5m, 2h, 1h30m or 1d (got "monthly")',
    ]);
    expect(errors('drill: { every: 0s }')).toEqual(['x.md:5:17: "drill.every": expected a cadence longer than 0s, e.g. 30d']);
    expect(errors('drill: 30d')).toEqual(['x.md:5:8: "drill": expected { every: DURATION }, e.g. { every: 30d }']);
    expect(errors('drill: { evry: 30d }')).toEqual([
      'x.md:5:8: missing key "every" in drill',
      'x.md:5:10: unknown key "evry" in drill (did you mean "every"?)',
    ]);
    expect(errors('controls: SOC2')).toEqual(['x.md:5:11: "controls": expected a list of control ids, e.g. [ISO27001-A.8.13, SOC2-A1.3]']);
    expect(errors('controls: [SOC2-A1.3, "bad id", SOC2-A1.3]')).toEqual([
      'x.md:5:23: "controls.1": expected a control id of letters, digits and . _ : / - such as ISO27001-A.8.13 (got "bad id")',
      'x.md:5:33: "controls.2": control "SOC2-A1.3" is listed twice',
    ]);
    expect(errors(`controls: [${'A'.repeat(101)}]`)[0]).toMatch(
      /^x\.md:5:12: "controls\.0": is 101 characters long; the app takes at most 100$/,
    );
  });
});
