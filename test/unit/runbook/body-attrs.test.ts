// A checkbox inside a step's body is part of that step's description, not a step: attributes
// written on it (a gate!) would silently do nothing, so they are an error at the attribute.
import { describe, expect, it } from 'vitest';
import { errorsOf, withFm } from './fixtures';

const MSG = (key: string, step: string) =>
  `step attribute "${key}" inside the body of step "${step}" does nothing: a checkbox there is part of the step's description, not a step; make it a step of its own (a "- [ ]" item under the # phase, or a ## heading), or remove the {…}`;

describe('step attributes inside a step body', () => {
  it("a task item after a ## step's code block", () => {
    const src = withFm(
      '# P\n\n## Restore {id=restore}\n\n```bash {host=db}\nrestore\n```\n\n- [ ] Approve the cut-over {id=approve gate=commander}\n',
    );
    expect(errorsOf(src)).toEqual([`18:29: ${MSG('id', 'restore')}`]);
  });

  it('a task item nested under a task step, and a ### heading in a ## body', () => {
    const src = withFm('# P\n\n- [ ] Outer {id=outer}\n  - [ ] Inner {gate=commander}\n\n## S\n\n### Sub {estimate=5m}\n');
    expect(errorsOf(src)).toEqual([`13:16: ${MSG('gate', 'outer')}`, `17:10: ${MSG('estimate', 's')}`]);
  });

  it('leaves checklists and braces that are not step attributes alone', () => {
    const src = withFm('# P\n\n## S\n\n- [ ] look at {the dashboard}\n- [ ] echo {{target}} is fine\n- plain item {id=x}\n');
    expect(errorsOf(src)).toEqual([]);
  });
});
