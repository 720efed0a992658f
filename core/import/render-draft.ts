// Writing the draft runbook: YAML front matter, then each phase (`# Title {budget=…}`), its
// description, and its steps: `- [ ] text {id=…}` while a phase has only manual steps, `## text
// {id=…}` with a ```bash {host=ROLE} block for a command (and for every step after one: a task
// item after a `##` step would be read as part of that step). Description headings are written
// at level 3 or deeper, never as a phase or step.
import type { PhrasingContent, Root, RootContent } from 'mdast';
import { gfmToMarkdown } from 'mdast-util-gfm';
import { toMarkdown, type Options } from 'mdast-util-to-markdown';
import { stringify } from 'yaml';
import { formatDuration } from '../runbook/duration';
import { paramRefs } from '../runbook/params';
import { plainText } from '../runbook/markdown';
import { slugify } from '../runbook/slug';
import type { DraftDoc, DraftPhase, DraftStep } from './draft-model';

// `*` for description lists: the draft's own steps use `-`, and two adjacent lists with one
// bullet would merge.
const OPTIONS: Options = { bullet: '*', bulletOther: '+', fences: true, listItemIndent: 'one', rule: '-', extensions: [gfmToMarkdown()] };

// Code kept as description must not read as an action: no `{…}` meta, and an s3-check body
// (which the runbook would check even inside a list) is shown as the YAML it is.
function demote(nodes: RootContent[], top = true): RootContent[] {
  return nodes.map((n) => {
    if (n.type === 'heading' && top) return { ...n, depth: Math.max(3, n.depth) as 3 };
    if (n.type === 'code') return { ...n, meta: null, lang: n.lang === 's3-check' ? 'yaml' : n.lang };
    if ('children' in n && n.type !== 'heading') return { ...n, children: demote(n.children as RootContent[], false) } as RootContent;
    return n;
  });
}

export function blocksMarkdown(nodes: RootContent[]): string {
  if (nodes.length === 0) return '';
  const root: Root = { type: 'root', children: demote(nodes) };
  return toMarkdown(root, OPTIONS).trim();
}

// A title is one line: a hard break (`<br>`) becomes a space, not markdown's `\` + newline.
const oneLine = (nodes: PhrasingContent[]): PhrasingContent[] =>
  nodes.map((n) =>
    n.type === 'break'
      ? { type: 'text', value: ' ' }
      : 'children' in n
        ? ({ ...n, children: oneLine(n.children as PhrasingContent[]) } as PhrasingContent)
        : n,
  );

/** Edge spaces (e.g. before a dropped `<img>`) would come out as `&#x20;`: a title has none. */
function trimEdges(nodes: PhrasingContent[]): PhrasingContent[] {
  const out = [...nodes];
  const first = out[0];
  if (first?.type === 'text') out[0] = { ...first, value: first.value.trimStart() };
  const last = out.at(-1);
  if (last?.type === 'text') out[out.length - 1] = { ...last, value: last.value.trimEnd() };
  return out.filter((n) => n.type !== 'text' || n.value !== '');
}

function inlineMarkdown(children: PhrasingContent[]): string {
  return toMarkdown({ type: 'root', children: [{ type: 'paragraph', children: trimEdges(oneLine(children)) }] }, OPTIONS)
    .trim()
    .replace(/\s*\n\s*/g, ' ');
}

const indent = (text: string, by: string) =>
  text
    .split('\n')
    .map((l) => (l === '' ? l : by + l))
    .join('\n');

function fence(lang: string, meta: string, script: string): string {
  const longest = Math.max(0, ...[...script.matchAll(/`+/g)].map((m) => m[0].length));
  const marks = '`'.repeat(Math.max(3, longest + 1));
  return `${marks}${lang} ${meta}\n${script.replace(/\n+$/, '')}\n${marks}`;
}

function stepMarkdown(step: DraftStep, asHeading: boolean, hostRole: string): string {
  const text = inlineMarkdown(step.title);
  // The id is written only where the parser would not derive the same one from the text.
  const plain = step.title.map(plainText).join('');
  const title = slugify(plain) === step.id && !text.endsWith('}') ? text : `${text} {id=${step.id}}`;
  const description = blocksMarkdown(step.description);
  if (!asHeading) return description ? `- [ ] ${title}\n\n${indent(description, '  ')}` : `- [ ] ${title}`;
  const at = step.command?.afterAt ?? step.description.length;
  const parts = [`## ${title}`, blocksMarkdown(step.description.slice(0, at))];
  if (step.command) parts.push(fence(step.command.lang, `{host=${hostRole}}`, step.command.script));
  parts.push(blocksMarkdown(step.description.slice(at)));
  return parts.filter(Boolean).join('\n\n');
}

function phaseMarkdown(phase: DraftPhase, hostRole: string): string {
  const budget = phase.budgetMs !== undefined ? ` {budget=${formatDuration(phase.budgetMs)}}` : '';
  const parts = [`# ${phase.title}${budget}`];
  const description = blocksMarkdown(phase.description);
  if (description) parts.push(description);
  let headings = false;
  let tasks: string[] = [];
  for (const step of phase.steps) {
    headings ||= step.command !== undefined;
    if (!headings) {
      tasks.push(stepMarkdown(step, false, hostRole));
      continue;
    }
    if (tasks.length > 0) parts.push(tasks.join('\n'));
    tasks = [];
    parts.push(stepMarkdown(step, true, hostRole));
  }
  if (tasks.length > 0) parts.push(tasks.join(tasks.some((t) => t.includes('\n')) ? '\n\n' : '\n'));
  return parts.join('\n\n');
}

/** Parameters the commands refer to (`{{name}}`): declared required, so lint and the start form know them. */
function paramsOf(doc: DraftDoc): Record<string, { description: string; required: boolean }> {
  const names = new Set(
    doc.phases.flatMap((p) => p.steps.flatMap((s) => (s.command ? paramRefs(s.command.script).map((r) => r.name) : []))),
  );
  return Object.fromEntries(
    [...names].filter((n) => n !== '__proto__').map((n) => [n, { description: 'Imported: used by the commands', required: true }]),
  );
}

export function renderDraft(doc: DraftDoc): string {
  const h = doc.header;
  const front: Record<string, unknown> = { id: h.id, title: h.title, version: h.version };
  if (h.owner) front.owner = h.owner;
  if (h.rtoMs !== undefined) front.rto = formatDuration(h.rtoMs);
  if (h.rpoMs !== undefined) front.rpo = formatDuration(h.rpoMs);
  const description = blocksMarkdown(doc.preamble);
  if (description) front.description = description;
  const params = paramsOf(doc);
  if (Object.keys(params).length > 0) front.params = params;
  if (doc.phases.some((p) => p.steps.some((s) => s.command)))
    front.hosts = { [h.hostRole]: { description: 'Imported: where the commands run; bind it to a host when a run starts' } };
  const yaml = stringify(front, { lineWidth: 0, aliasDuplicateObjects: false });
  return `---\n${yaml}---\n\n${doc.phases.map((p) => phaseMarkdown(p, h.hostRole)).join('\n\n')}\n`;
}
