// Every way the start path can refuse a runbook for what the file says (not for the values,
// bindings or inventory given at start) has a fixture here: the start path's own check refuses
// it, and lint reports it at the offending text. A new refusal belongs in this table.
//
// Refusals that depend only on what the start is given are not lint's: unknown or missing
// parameter values (resolveParams), unbound or undeclared roles and unknown hosts (bindings),
// steps not yet ready or gates not yet signed (readiness), bad given values (start-values).
import { describe, expect, it } from 'vitest';
import { commandInputs } from '../../../core/api';
import { renderCheckBody } from '../../../core/exec/check-render';
import { renderCommand } from '../../../core/exec/command-render';
import { s3CheckProblems } from '../../../core/runbook/s3-check';
import { errorsOf } from './fixtures';

const fm = (extra = '', id = 't', version = '1.0.0') =>
  `---\nid: ${id}\ntitle: T\nversion: ${version}\nparams:\n  v: { default: x }\n${extra}---\n# P\n`;
const bash = (script: string) => `${fm()}## S {id=s}\n\`\`\`bash {host=local}\n${script}\n\`\`\`\n`;
const refuses = (f: () => unknown) => {
  try {
    f();
    return false;
  } catch {
    return true;
  }
};
const start = { id: 'x', version: '1.0.0', mode: 'drill', actor: 'a' } as const;

interface Case {
  what: string;
  /** The start path's check, given what the file says: true when it refuses. */
  startRefuses: () => boolean;
  source: string;
  /** `line:col` and a pattern of lint's message. */
  at: string;
  lint: RegExp;
}

const unsafe = (what: string, script: string, lint: RegExp, col: number, line = 11): Case => ({
  what: `command-render: {{param}} ${what}`,
  startRefuses: () => refuses(() => renderCommand(script, { v: 'x' })),
  source: bash(script),
  at: `${line}:${col}`,
  lint,
});

const cases: Case[] = [
  unsafe('in single quotes', `echo '{{v}}'`, /inside single quotes/, 7),
  unsafe("in $'…'", `echo $'{{v}}'`, /inside \$'…'/, 8),
  unsafe('in a heredoc body', 'cat <<EOF\n{{v}}\nEOF', /inside a heredoc body/, 1, 12),
  unsafe('in a heredoc delimiter', 'cat <<{{v}}\nx\n{{v}}', /in a heredoc delimiter/, 7),
  unsafe('in backticks', 'echo `echo {{v}}`', /inside `…`/, 12),
  unsafe('in ${…}', 'echo ${x:-{{v}}}', /inside \$\{…\}/, 11),
  unsafe('in arithmetic', 'echo $(( {{v}} ))', /inside arithmetic/, 10),
  unsafe('after a backslash', 'echo \\{{v}}', /right after a backslash/, 7),
  unsafe('after $', 'echo ${{v}}', /right after \$/, 7),
  unsafe('after case inside $(…)', 'echo "$(case x in x) :;; esac)" {{v}}', /after a case statement/, 33),
  unsafe('in an unbalanced script', 'echo "{{v}}', /unbalanced/, 7),
  {
    what: 'check-render + s3-check schema: a default the check cannot use',
    startRefuses: () => s3CheckProblems(renderCheckBody('bucket: b\nprefix: p\nmax_age: "{{v}}"', { v: 'soon' })).length > 0,
    source: `${fm().replace('default: x', 'default: soon')}## S\n\`\`\`s3-check\nbucket: b\nprefix: p\nmax_age: "{{v}}"\n\`\`\`\n`,
    at: '6:17',
    lint: /default of "v": s3-check "max_age"/,
  },
  {
    what: 'api: runbook id longer than commands take',
    startRefuses: () => !commandInputs.startRun.safeParse({ ...start, id: 'a'.repeat(201) }).success,
    source: fm('', 'a'.repeat(201)) + '- [ ] s\n',
    at: '2:5',
    lint: /"id": is 201 characters long/,
  },
  {
    what: 'api: version longer than commands take',
    startRefuses: () => !commandInputs.startRun.safeParse({ ...start, version: '1.0.0-' + 'a'.repeat(95) }).success,
    source: fm('', 't', '1.0.0-' + 'a'.repeat(95)) + '- [ ] s\n',
    at: '4:10',
    lint: /"version": is 101 characters long/,
  },
  {
    what: 'api: a default longer than a parameter value may be',
    startRefuses: () => !commandInputs.startRun.safeParse({ ...start, params: { v: 'x'.repeat(10_001) } }).success,
    source: fm().replace('default: x', `default: ${'x'.repeat(10_001)}`) + '- [ ] s\n',
    at: '6:17',
    lint: /"params.v.default": is 10001 characters long/,
  },
  {
    what: 'api: a host role longer than bindings take',
    startRefuses: () => !commandInputs.startRun.safeParse({ ...start, bindings: { ['r'.repeat(101)]: ['h'] } }).success,
    source: fm(`hosts:\n  ${'r'.repeat(101)}: {}\n`) + '- [ ] s\n',
    at: '8:3',
    lint: /host role "r+…" is 101 characters long/,
  },
  {
    what: 'api: a gate role no participant can hold',
    startRefuses: () => !commandInputs.addParticipant.safeParse({ runId: 'r', actor: 'a', name: 'n', role: 'g'.repeat(101) }).success,
    source: fm() + `- [ ] s {gate=${'g'.repeat(101)}}\n`,
    at: '9:15',
    lint: /gate role is 101 characters long/,
  },
  {
    what: 'api + evidence: a step id commands or file names cannot hold',
    startRefuses: () => !commandInputs.completeStep.safeParse({ runId: 'r', stepId: 'a'.repeat(245), actor: 'a' }).success,
    source: fm() + `- [ ] s {id=${'a'.repeat(245)}}\n`,
    at: '9:13',
    lint: /step id is 245 characters long; the limit is 100/,
  },
  {
    what: 'zod records (journal, api): a __proto__ parameter is dropped',
    startRefuses: () =>
      !Object.hasOwn(commandInputs.startRun.parse({ ...start, params: JSON.parse('{"__proto__":"x"}') }).params!, '__proto__'),
    source: fm().replace('  v: { default: x }', '  __proto__: { default: x }') + '- [ ] s\n',
    at: '6:3',
    lint: /parameter name "__proto__" is reserved/,
  },
  {
    what: 'readiness: a gate on a checkbox inside a step body is never asked for',
    startRefuses: () => true, // the gate is lost: the step it was meant for does not exist
    source: `${fm()}## S {id=s}\n\`\`\`bash {host=local}\ntrue\n\`\`\`\n- [ ] Approve {gate=commander}\n`,
    at: '13:16',
    lint: /step attribute "gate" inside the body of step "s"/,
  },
];

describe('every start-path refusal about the file is a lint error', () => {
  for (const c of cases) {
    it(c.what, () => {
      expect(c.startRefuses()).toBe(true);
      const errors = errorsOf(c.source);
      expect(errors).toHaveLength(1);
      expect(errors[0]!.startsWith(`${c.at}: `) ? '' : errors[0]).toBe('');
      expect(errors[0]).toMatch(c.lint);
    });
  }
});
