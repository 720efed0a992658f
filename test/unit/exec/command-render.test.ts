// Parameter values reach real bash (and dash) byte-identical and inert, whatever they hold and
// wherever the reference stands; unsafe places are refused with a message saying what to do.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RenderError, renderCommand, singleQuote } from '../../../core/exec/command-render';
import { parseRunbook } from '../../../core/runbook/parse';
import { tempDir } from '../run/helpers';

const root = path.resolve(import.meta.dirname, '../../..');

function hostile(dir: string): string[] {
  const mark = path.join(dir, 'pwned');
  return [
    `$(touch ${mark})`,
    `\`touch ${mark}\``,
    `; touch ${mark}`,
    `"; touch ${mark}; "`,
    `'; touch ${mark}; '`,
    `'$(touch ${mark})'`,
    `\\"$(touch ${mark})\\"`,
    `$'\\x27'; touch ${mark}`,
    `\${IFS}$(touch\${IFS}${mark})`,
    '"',
    "'",
    '\\',
    'ends with a backslash\\',
    "'\\''",
    'two\nlines\n',
    '\n',
    '*',
    '/*',
    '  spaces  and\ttabs ',
    '',
    '$HOME ${HOME} $1 $@ $$',
    '!! !$ ~ ~root',
    '-n',
    '{a,b} [ab] ?',
    ')(}{][',
    '# not a comment',
    'EOF',
    'ünïcødé ✓ 𝄞',
    'x'.repeat(5000),
  ];
}

function runShell(shell: 'bash' | 'sh', script: string, env: Record<string, string> = {}) {
  return spawnSync(shell, ['-c', script], { encoding: 'utf8', env: { ...process.env, ...env } });
}

/** Templates whose `OUT` file must end up holding expected(v) exactly. */
const templates: { name: string; script: string; expected: (v: string) => string; shells?: ('bash' | 'sh')[]; noTrailingNl?: boolean }[] = [
  { name: 'unquoted', script: `printf '%s' {{v}} > "$OUT"`, expected: (v) => v, shells: ['bash', 'sh'] },
  { name: 'double quoted', script: `printf '%s' "{{v}}" > "$OUT"`, expected: (v) => v, shells: ['bash', 'sh'] },
  { name: 'inside a double-quoted word', script: `printf '%s' "a {{v}} b" > "$OUT"`, expected: (v) => `a ${v} b`, shells: ['bash', 'sh'] },
  { name: 'glued to unquoted text', script: `printf '%s' x{{v}}y > "$OUT"`, expected: (v) => `x${v}y`, shells: ['bash', 'sh'] },
  { name: 'twice, with spaces in braces', script: `printf '%s|%s' {{ v }} "{{v}}" > "$OUT"`, expected: (v) => `${v}|${v}` },
  {
    name: 'assignment',
    script: `x={{v}}; y="pre{{v}}"; printf '%s|%s' "$x" "$y" > "$OUT"`,
    expected: (v) => `${v}|pre${v}`,
    shells: ['bash', 'sh'],
  },
  {
    name: 'in $() inside double quotes',
    script: `out="$(printf '%s.' "{{v}}")"; printf '%s' "\${out%.}" > "$OUT"`,
    expected: (v) => v,
    shells: ['bash', 'sh'],
  },
  {
    name: 'unquoted in $() inside double quotes, nested twice',
    script: `out="$(printf '%s' "$(printf '%s.' {{v}})")"; printf '%s' "\${out%.}" > "$OUT"`,
    expected: (v) => v,
  },
  {
    name: 'after a comment with an apostrophe and a reference',
    script: `# it's a comment (with {{v}} and "quotes"\nprintf '%s' {{v}} > "$OUT" # and {{v}} here`,
    expected: (v) => v,
    shells: ['bash', 'sh'],
  },
  {
    name: 'after a quoted heredoc',
    script: `cat <<'EOF' > /dev/null\nit's "odd" $(x) {{notaref\nEOF\nprintf '%s' "{{v}}" > "$OUT"`,
    expected: (v) => v,
    shells: ['bash', 'sh'],
  },
  {
    name: 'after an indented unquoted heredoc in $()',
    script: `x=$(cat <<-END\n\tdon't "stop" )\n\tEND\n)\nprintf '%s' {{v}} > "$OUT"`,
    expected: (v) => v,
  },
  { name: 'line continuation', script: `printf '%s' \\\n  {{v}} > "$OUT"`, expected: (v) => v, shells: ['bash', 'sh'] },
  { name: 'here-string', script: `cat <<< {{v}} > "$OUT"`, expected: (v) => `${v}\n` },
  { name: "after $'…'", script: `y=$'it\\'s'; printf '%s' "{{v}}" > "$OUT"`, expected: (v) => v },
  {
    name: 'subshell parentheses inside $()',
    script: `out="$( (printf '%s' "(") ; printf '%s.' {{v}} )"; printf '%s' "\${out%.}" > "$OUT"`,
    expected: (v) => `(${v}`,
  },
  {
    name: '[[ ]] pattern is literal',
    script: `if [[ "$V" == {{v}} ]]; then printf ok > "$OUT"; else printf no > "$OUT"; fi`,
    expected: () => 'ok',
  },
  { name: 'top-level case', script: `case {{v}} in *) printf '%s' {{v}} > "$OUT";; esac`, expected: (v) => v },
  { name: 'after ${…} with braces and quotes', script: `: "\${x:-a}b}" \${y:-'}'}; printf '%s' {{v}} > "$OUT"`, expected: (v) => v },
  { name: 'after arithmetic', script: `n=$(( (1+2) * 3 )); (( n > 1 )); printf '%s' "{{v}}" > "$OUT"`, expected: (v) => v },
  { name: 'array element', script: `a=({{v}} "{{v}}"); printf '%s|%s' "\${a[0]}" "\${a[1]}" > "$OUT"`, expected: (v) => `${v}|${v}` },
  { name: 'after $# and a#b', script: `echo $# a#b > /dev/null; printf '%s' {{v}} > "$OUT"`, expected: (v) => v },
];

describe('renderCommand: values arrive byte-identical and inert in real shells', () => {
  for (const t of templates) {
    for (const shell of t.shells ?? ['bash']) {
      it(`${t.name} (${shell})`, async () => {
        const dir = await tempDir('drillbook-render-');
        const out = path.join(dir, 'out');
        for (const v of hostile(dir)) {
          const script = renderCommand(t.script, { v }, 't');
          const r = runShell(shell, script, { OUT: out, V: v });
          expect({ v, stderr: r.stderr, status: r.status }).toEqual({ v, stderr: '', status: 0 });
          expect(readFileSync(out, 'utf8')).toBe(t.expected(v));
          expect(existsSync(path.join(dir, 'pwned'))).toBe(false);
        }
      });
    }
  }
});

describe('renderCommand: the rendered text', () => {
  it('single-quotes unquoted values and closes/reopens double quotes', () => {
    expect(renderCommand(`echo {{a}} "x{{a}}y" "{{a}}"`, { a: "it's" })).toBe(`echo 'it'\\''s' "x"'it'\\''s'"y" ""'it'\\''s'""`);
    expect(singleQuote('')).toBe("''");
  });

  it('leaves Go templates, references in comments, and text without references alone', () => {
    const script = `docker inspect --format '{{.State.Running}}' db # {{a}}\necho "{{ .Name }}"`;
    expect(renderCommand(script, { a: 'x' })).toBe(script);
  });

  it('refuses a reference without a value, and NUL bytes', () => {
    expect(() => renderCommand('echo {{b}}', { a: 'x' }, 's1')).toThrow('step "s1": {{b}} has no value: the run has no parameter "b"');
    expect(() => renderCommand('echo {{a}}', { a: 'x\0y' }, 's1')).toThrow(/NUL byte/);
  });
});

describe('renderCommand: places no quoting can make safe are refused', () => {
  const unsafe: [string, RegExp][] = [
    [`echo '{{v}}'`, /\{\{v\}\} inside single quotes cannot be made safe.*\(line 1 of the command\)/],
    [`echo ok\necho 'a {{v}} b'`, /inside single quotes.*line 2 of the command/],
    [`ssh host 'rm -rf {{v}}'`, /inside single quotes/],
    [`echo $'{{v}}'`, /inside \$'…'/],
    [`cat <<EOF\n{{v}}\nEOF`, /inside a heredoc body/],
    [`cat <<'EOF'\n{{v}}\nEOF`, /inside a heredoc body/],
    [`cat <<-"EOF"\n\tx {{v}}\n\tEOF\necho fine`, /inside a heredoc body/],
    ['echo `echo {{v}}`', /inside `…`.*use \$\(…\) instead/],
    ['echo "`echo "{{v}}"`"', /inside `…`/],
    [`echo \${x:-{{v}}}`, /inside \$\{…\}/],
    [`echo "\${x:-"{{v}}"}"`, /inside \$\{…\}/],
    [`echo $(( {{v}} + 1 ))`, /inside arithmetic/],
    [`(( {{v}} > 1 ))`, /inside arithmetic/],
    [`echo $[ {{v}} ]`, /inside arithmetic/],
    [`echo \\{{v}}`, /right after a backslash/],
    [`echo "\\{{v}}"`, /right after a backslash/],
    [`echo \${{v}}`, /right after \$/],
    [`echo "$(case x in x) echo ;; esac)" {{v}}`, /after a case statement inside \$\(…\)/],
    [`echo "unclosed {{v}}`, /unbalanced/],
    [`echo $(echo {{v}}`, /unbalanced/],
  ];
  for (const [script, why] of unsafe) {
    it(JSON.stringify(script), () => {
      let err: unknown;
      try {
        renderCommand(script, { v: 'x' }, 'step-x');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(RenderError);
      expect((err as Error).message).toMatch(/^step "step-x": \{\{v\}\} /);
      expect((err as Error).message).toMatch(why);
    });
  }
});

describe('renderCommand: the bundled runbooks', () => {
  it('every command step renders with hostile values to a script bash -n accepts', async () => {
    const dir = await tempDir('drillbook-render-');
    const evil = hostile(dir).join('');
    let commands = 0;
    for (const sub of readdirSync(path.join(root, 'runbooks'), { withFileTypes: true })) {
      if (!sub.isDirectory()) continue;
      for (const f of readdirSync(path.join(root, 'runbooks', sub.name)).filter((x) => x.endsWith('.md'))) {
        const file = path.join(root, 'runbooks', sub.name, f);
        const parsed = parseRunbook(readFileSync(file, 'utf8'), file);
        if (!parsed.ok) throw new Error(`${file} does not parse`);
        const params = Object.fromEntries(Object.keys(parsed.runbook.params).map((k) => [k, evil]));
        for (const step of parsed.runbook.phases.flatMap((p) => p.steps)) {
          if (step.action?.type !== 'command') continue;
          commands++;
          const script = renderCommand(step.action.script, params, step.id);
          const r = spawnSync('bash', ['-n', '-c', script], { encoding: 'utf8' });
          expect({ file, step: step.id, stderr: r.stderr }).toEqual({ file, step: step.id, stderr: '' });
        }
      }
    }
    expect(commands).toBeGreaterThan(10);
  });
});
