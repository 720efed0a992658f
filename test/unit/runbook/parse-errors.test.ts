// One fixture per error class under test/fixtures/runbooks/bad: every error of each file, with
// its exact line, column and message (so a change in any of them is a visible decision).
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../../core/runbook/parse';
import { fixture, format, readFixture } from './fixtures';

const DUR = 'a duration like 30s, 5m, 2h, 1h30m or 1d';

const cases: Record<string, string[]> = {
  'missing-front-matter.md': [
    '1:1: missing front matter: the file must start with a "---" line, YAML with id, title and version, then a closing "---" line',
  ],
  'unclosed-front-matter.md': ['1:1: front matter is not closed: expected a "---" line after the YAML'],
  'yaml-syntax.md': [
    '4:1: front matter is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
  ],
  'front-matter-unknown-key.md': [
    '1:1: missing required front matter key "title"',
    '3:1: unknown front matter key "titel" (did you mean "title"?)',
    '5:1: unknown front matter key "ownr" (did you mean "owner"?)',
  ],
  'front-matter-values.md': [
    '2:5: "id": expected an id of a-z, 0-9 and "-" (got "Bad Id")',
    '4:10: "version": expected a semantic version like 2.1.0 (got the number 2.1; write MAJOR.MINOR.PATCH)',
    `5:6: "rto": expected ${DUR} (got "4 hours")`,
    '7:7: "tags": expected a list of tags, e.g. [database, critical]',
  ],
  'params-hosts-keys.md': [
    '6:13: unknown key "requried" in parameter "target" (did you mean "required"?)',
    '7:3: parameter name "bad-name" must match [A-Za-z_][A-Za-z0-9_]* to be usable as {{bad-name}}',
    '9:9: unknown key "descripton" in host role "db" (did you mean "description"?)',
    '10:3: host role "local" is reserved for the commander\'s machine; choose another name',
  ],
  'step-outside-phase.md': [
    '13:1: step outside a phase: expected a "# Phase" heading before it',
    '15:1: step outside a phase: expected a "# Phase" heading before it',
  ],
  'unknown-attribute.md': [
    '11:13: unknown phase attribute "budjet" (did you mean "budget"?)',
    '13:21: unknown step attribute "timout" (did you mean "timeout"?)',
    '15:13: unknown step attribute "host" (it goes on the code block: ```bash {host=...})',
    '17:18: unknown code block attribute "retries" ("retries" is a step attribute: put it on the ## heading)',
  ],
  'attribute-values.md': [
    `11:20: attribute "budget" expects ${DUR} (got "soon")`,
    `13:26: attribute "estimate" expects ${DUR} (got "5min")`,
    '14:24: attribute "timeout" must be longer than 0s',
    '15:24: attribute "retries" expects a whole number from 0 to 100 (got "-1")',
    '16:25: attribute "expect-exit" expects a whole number from 0 to 255 (got "abc")',
    '17:14: step id "Bad_Id" must use only a-z, 0-9 and "-"',
    '18:22: attribute "role" needs a value, e.g. role=commander',
    '18:27: attribute "gate" needs a value, e.g. gate=commander',
    '19:33: attribute "continue-on-failure" is a flag: write it alone, or =true / =false (got "maybe")',
  ],
  'two-actions.md': ['19:1: a step has at most one action block (the first is on line 15); split it into two ## steps'],
  'host-role.md': [
    '15:15: unknown host role "dbb" (did you mean "db"?); declare it under hosts: in the front matter, or use host=local',
    '21:1: command block needs a host: ```sh {host=ROLE} where ROLE is one of: db, local',
    '27:9: expected {host=ROLE timeout=DURATION} after ```bash (got "host=db")',
  ],
  'undeclared-param.md': [
    '16:32: undeclared parameter "{{tagret}}" (did you mean "target"?); declare it under params: in the front matter',
    '22:10: undeclared parameter "{{bucket}}"; declare it under params: in the front matter',
  ],
  's3-check.md': [
    '15:1: s3-check is missing "prefix"',
    '17:1: unknown s3-check key "max_agee" (did you mean "max_age"?)',
    '18:9: s3-check "sha256": expected true or false',
    `26:10: s3-check "max_age": expected ${DUR} (got "a day")`,
    '27:11: s3-check "min_size": expected a size like 500MB or 2GiB (got "lots")',
    '28:18: s3-check "max_size_change": expected a percentage like 20%',
    '34:14: s3-check is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
  ],
  'duplicate-step-id.md': [
    '14:1: duplicate step id "stop-the-app" (also on line 13); give one of them a different {id=...}',
    '16:16: duplicate step id "stop-the-app" (also on line 13); give one of them a different {id=...}',
  ],
  'after.md': [
    '13:20: after=nope: no step has the id "nope"',
    '14:21: after=third: step "third" (line 15) comes later; a step can only wait for steps above it',
    '15:20: after=third: a step cannot wait for itself',
    '16:21: after=frist: no step has the id "frist" (did you mean "first"?)',
  ],
  'no-phases.md': ['1:1: no phases: expected at least one "# Phase title" heading with steps under it'],
  'action-outside-step.md': [
    '13:1: ```bash block outside a ## step is not run: put it under a "## Step title" heading (or use ```console for an example)',
    '19:3: ```bash blocks inside a list or quote are not run: put the action block at the top level of a ## step',
  ],
};

describe('every error class, with exact positions and messages', () => {
  it.each(Object.entries(cases))('%s', (name, expected) => {
    const file = fixture('bad', name);
    const r = parseRunbook(readFixture('bad', name), file);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(format(r.errors)).toEqual(expected);
    for (const e of r.errors) expect(e.file).toBe(file);
  });
});
