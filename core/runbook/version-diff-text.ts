// The version diff as plain text for a terminal or a review: a summary line, then front matter,
// phases and steps, each change on its own line. One-line text shows a word diff in git's
// word-diff style ([-old-]{+new+}); commands and descriptions show changed lines with +/-,
// with one unchanged line of context around them.
import type { FieldChange, PhaseDiff, StepDiff, StepPlace, TextPart, VersionDiff } from './version-diff-model';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function summaryText(d: VersionDiff): string {
  if (d.identical) return 'no changes';
  const s = d.summary;
  const parts = [
    s.added && `${plural(s.added, 'step')} added`,
    s.removed && `${s.removed} removed`,
    s.moved && `${s.moved} moved`,
    s.changed && `${s.changed} changed`,
    s.phases && `${plural(s.phases, 'phase')} changed`,
    s.frontMatter && `${plural(s.frontMatter, 'front-matter change')}`,
  ].filter(Boolean);
  return parts.join(', ');
}

const isLineDiff = (parts: TextPart[]) => parts.some((p) => p.value.includes('\n'));

function wordDiff(parts: TextPart[]): string {
  return parts.map((p) => (p.added ? `{+${p.value}+}` : p.removed ? `[-${p.value}-]` : p.value)).join('');
}

/** Changed lines with one line of context; a gap in between is shown as "…". */
function lineDiff(parts: TextPart[], indent: string): string[] {
  const lines = parts.flatMap((p) => {
    const mark = p.added ? '+ ' : p.removed ? '- ' : '  ';
    return p.value
      .replace(/\n$/, '')
      .split('\n')
      .map((text) => ({ changed: !!(p.added || p.removed), text: `${mark}${text}` }));
  });
  const near = (i: number) => lines.slice(Math.max(0, i - 1), i + 2).some((l) => l.changed);
  const out: string[] = [];
  let skipped = false;
  lines.forEach((l, i) => {
    if (!near(i)) return void (skipped = true);
    if (skipped && out.length) out.push(`${indent}…`);
    skipped = false;
    out.push(`${indent}${l.text}`.trimEnd());
  });
  return out;
}

export function fieldLines(c: FieldChange, indent: string): string[] {
  if (c.parts && isLineDiff(c.parts)) return [`${indent}${c.label}:`, ...lineDiff(c.parts, `${indent}  `)];
  if (c.parts) return [`${indent}${c.label}: ${wordDiff(c.parts)}`];
  if (c.from === undefined) return [`${indent}${c.label}: added (${c.to})`];
  if (c.to === undefined) return [`${indent}${c.label}: removed (was ${c.from})`];
  return [`${indent}${c.label}: ${c.from} → ${c.to}`];
}

const where = (p: StepPlace) => `${p.phaseTitle} #${p.index}`;

function stepLines(s: StepDiff): string[] {
  if (s.kind === 'added') return [`+ ${s.to.title} (${s.to.id}), in ${where(s.to)}, line ${s.to.line}`];
  if (s.kind === 'removed') return [`- ${s.from.title} (${s.from.id}), was in ${where(s.from)}, line ${s.from.line}`];
  const mark = s.changes.length ? '~' : '↕';
  const head = `${mark} ${s.to.title} (${s.to.id}), line ${s.from.line} → ${s.to.line}`;
  const moved = s.moved ? [`    moved: ${where(s.from)} → ${where(s.to)}`] : [];
  return [head, ...moved, ...s.changes.flatMap((c) => fieldLines(c, '    '))];
}

function phaseLines(p: PhaseDiff): string[] {
  if (p.kind === 'added') return [`+ ${p.to.title}, phase ${p.to.index}, line ${p.to.line}`];
  if (p.kind === 'removed') return [`- ${p.from.title}, was phase ${p.from.index}, line ${p.from.line}`];
  const moved = p.moved ? [`    moved: phase ${p.from.index} → ${p.to.index}`] : [];
  return [`~ ${p.to.title}, line ${p.from.line} → ${p.to.line}`, ...moved, ...p.changes.flatMap((c) => fieldLines(c, '    '))];
}

export function diffText(d: VersionDiff): string {
  const name = (s: VersionDiff['from']) => `${s.id}@${s.version}${s.file ? ` (${s.file})` : ''}`;
  const out = [`${name(d.from)} → ${name(d.to)}: ${summaryText(d)}`];
  if (d.frontMatter.length) out.push('', 'Front matter', ...d.frontMatter.flatMap((c) => fieldLines(c, '  ')));
  if (d.phases.length) out.push('', 'Phases', ...d.phases.flatMap((p) => phaseLines(p).map((l) => `  ${l}`)));
  if (d.steps.length) out.push('', 'Steps', ...d.steps.flatMap((s) => stepLines(s).map((l) => `  ${l}`)));
  return out.join('\n');
}
