// Lint finds every `{{param}}` the start path would refuse to render, at the reference itself,
// so a lint-clean runbook never fails at its first action.
import { describe, expect, it } from 'vitest';
import { renderCommand } from '../../../core/exec/command-render';
import { errorsOf } from './fixtures';

const FM = ['---', 'id: t', 'title: T', 'version: 1.0.0', 'params:', '  v: { default: x }', '---'].join('\n');
// Front matter (7 lines), `# P`, `## S`, the fence: the script starts on line 11.
const runbook = (script: string, fence = '```bash {host=local}') => `${FM}\n# P\n## S\n${fence}\n${script}\n\`\`\`\n`;

/** 1-based line and column of the first `{{v}}` of `script`, as lint should report it. */
function refPos(script: string, indent = 0): string {
  const before = script.slice(0, script.indexOf('{{v}}')).split('\n');
  return `${10 + before.length}:${indent + before[before.length - 1]!.length + 1}`;
}

const unsafe: [string, RegExp][] = [
  [`echo '{{v}}'`, /inside single quotes cannot be made safe/],
  [`echo ok\necho 'a {{v}} b'`, /inside single quotes/],
  [`echo $'{{v}}'`, /inside \$'…'/],
  [`cat <<EOF\n{{v}}\nEOF`, /inside a heredoc body/],
  [`cat <<'EOF'\nx {{v}}\nEOF`, /inside a heredoc body/],
  [`cat <<{{v}}\nx\n{{v}}`, /in a heredoc delimiter/],
  ['echo `echo {{v}}`', /inside `…`/],
  [`echo \${x:-{{v}}}`, /inside \$\{…\}/],
  [`echo $(( {{v}} + 1 ))`, /inside arithmetic/],
  [`echo \\{{v}}`, /right after a backslash/],
  [`echo \${{v}}`, /right after \$/],
  [`echo "$(case x in x) echo ;; esac)" {{v}}`, /after a case statement inside \$\(…\)/],
  [`echo "unclosed {{v}}`, /unbalanced/],
];

describe('lint: parameters where the shell cannot carry them safely', () => {
  for (const [script, why] of unsafe) {
    it(JSON.stringify(script), () => {
      expect(() => renderCommand(script, { v: 'x' })).toThrow(why); // the start path refuses it…
      const errors = errorsOf(runbook(script));
      expect(errors).toHaveLength(1); // …and lint says so, at the reference
      expect(errors[0]).toMatch(new RegExp(`^${refPos(script)}: \\{\\{v\\}\\} `));
      expect(errors[0]).toMatch(why);
    });
  }

  it('maps the position through an indented fence', () => {
    const src = `${FM}\n# P\n## S\n  \`\`\`bash {host=local}\n  echo ok\n  echo '{{v}}'\n  \`\`\`\n`;
    expect(errorsOf(src)).toEqual([expect.stringMatching(/^12:9: \{\{v\}\} inside single quotes/)]);
  });

  it('accepts references the shell can carry, and comments', () => {
    expect(errorsOf(runbook(`echo {{v}} "a {{v}}" x={{v}} # '{{v}}'\ncat <<EOF\nbody\nEOF\necho {{v}}`))).toEqual([]);
  });

  it('does not crash on an unbalanced quote without parameters (bash -n reports it)', () => {
    expect(() => renderCommand("echo 'abc", {})).not.toThrow();
    expect(() => renderCommand('cat <<"EOF\nx\n', {})).not.toThrow();
    expect(errorsOf(runbook("echo 'abc"))).toEqual([]);
  });
});
