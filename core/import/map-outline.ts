// The document's outline mapped onto phases and steps (which headings open phases:
// outline-levels.ts). Sections that open no phase are kept as the runbook's description. Below
// the phase level a heading with one shell block becomes that command's step, other
// sub-headings stay as description of the next step. Without any phase heading the steps form
// one phase.
import type { Code, List, ListItem, PhrasingContent, Root, RootContent } from 'mdast';
import { slugify } from '../runbook/slug';
import { boxItem, fenceItem } from './checklist-line';
import type { DraftPhase, DraftStep } from './draft-model';
import { outlineLevels } from './outline-levels';
import type { PhaseWindow } from './phase-window';
import { Items, linesOf, textOf } from './report-items';
import { Ids } from './unique-ids';
import { firstParagraphText, isBoxed, isPlainFence, isStepMaterial, lines, shellLang } from './step-material';

export interface MappedOutline {
  titleHeading?: { text: string; line: number };
  preamble: RootContent[];
  phases: DraftPhase[];
}

const text = (value: string): PhrasingContent => ({ type: 'text', value });
const para = (children: PhrasingContent[]): RootContent => ({ type: 'paragraph', children });

/** Where a document that has no phase heading puts its steps. */
export const DEFAULT_PHASE = 'Procedure';

export function mapOutline(root: Root, items: Items, codeFirstLine: (c: Code) => number): MappedOutline {
  const kids = root.children;
  const { heads, titleHead, phaseDepth, opensPhase } = outlineLevels(root);
  const byIndex = new Map(heads.map((h) => [h.index, h]));

  const out: MappedOutline = { preamble: [], phases: [] };
  if (titleHead) out.titleHeading = { text: titleHead.text, line: linesOf(titleHead.node).line };
  const ids = new Ids();
  const phaseIds = new Ids();
  let phase: DraftPhase | undefined;
  let lead: RootContent[] = [];
  let inSection = false;

  const newPhase = (title: string, line: number, window?: PhaseWindow): DraftPhase => {
    const n = out.phases.length + 1;
    let t = (title || `Phase ${n}`).replace(/[{}]/g, (c) => (c === '{' ? '(' : ')'));
    if (!slugify(t)) t = `Phase ${n}: ${t}`;
    const id = phaseIds.take(t, `phase-${n}`);
    if (id !== slugify(t)) t = `${t} (${id.slice(id.lastIndexOf('-') + 1)})`;
    const p: DraftPhase = { title: t, line, description: [], steps: [], ...(window ? { window } : {}) };
    out.phases.push(p);
    phase = p;
    lead = [];
    return p;
  };
  const where = () => {
    const step = phase?.steps[phase.steps.length - 1];
    if (step) return { list: step.description, note: `kept in the description of step "${step.id}"` };
    if (phase) return { list: phase.description, note: `kept in the description of phase "${phase.title}"` };
    return { list: out.preamble, note: 'kept in the runbook description' };
  };
  const flushLead = () => {
    if (lead.length === 0) return;
    where().list.push(...lead);
    lead = [];
  };
  const describe = (node: RootContent, note?: string) => {
    flushLead();
    const w = where();
    w.list.push(node);
    items.add('description', node, note ? `${note}; ${w.note}` : w.note);
  };
  const ensurePhase = (line: number): DraftPhase => {
    if (phase) return phase;
    const p = newPhase(DEFAULT_PHASE, line);
    items.addAt('phase', line, line, p.title, `phase "${p.title}": no heading names a phase, so the steps form one`);
    return p;
  };
  const addStep = (
    title: PhrasingContent[],
    line: number,
    description: RootContent[],
    source: RootContent,
    command?: DraftStep['command'],
  ) => {
    const p = ensurePhase(line);
    const plain = title
      .map((c) => textOf(c))
      .join('')
      .trim();
    const n = p.steps.length + 1;
    const step: DraftStep = {
      id: ids.take(plain, `${slugify(p.title) || 'step'}-${n}`),
      title: plain ? title : [text(`Step ${n}`)],
      line,
      description: [...lead, ...description],
    };
    lead = [];
    if (command) step.command = { ...command, afterAt: step.description.length };
    // "Stop the writers:" reads as a lead-in; the step is "Stop the writers".
    const last = step.title[step.title.length - 1];
    if (last?.type === 'text') step.title = [...step.title.slice(0, -1), { ...last, value: last.value.replace(/\s*:\s*$/, '') }];
    p.steps.push(step);
    items.add(
      command ? 'command' : 'step',
      source,
      command ? `command step "${step.id}" (${command.lang}, runs on the host role)` : `step "${step.id}"`,
      plain || textOf(source),
    );
    return step;
  };
  const commandTitle = (script: string): PhrasingContent[] => {
    const ls = lines(script)
      .map((l) => l.trim())
      .filter(Boolean);
    const comment = ls.find((l) => /^#(?!!)\s*\S/.test(l));
    if (comment && comment === ls[0]) return [text(comment.replace(/^#+\s*/, ''))];
    const firstCmd = ls.find((l) => !l.startsWith('#')) ?? 'the commands';
    return [text('Run '), { type: 'inlineCode', value: firstCmd.length > 60 ? `${firstCmd.slice(0, 59)}…` : firstCmd }];
  };
  const command = (code: Code) => ({ lang: shellLang(code)!, script: code.value });

  // A plain fence of checklist lines: items are steps, other lines are kept as description.
  const fenceChecklist = (code: Code) => {
    const start = codeFirstLine(code);
    let loose: string[] = [];
    let from = start;
    const flush = () => {
      if (loose.length === 0) return;
      const node: RootContent = para(
        loose.flatMap((l, i) => (i === 0 ? [text(l.trim())] : [{ type: 'break' } as PhrasingContent, text(l.trim())])),
      );
      node.position = { start: { line: from, column: 1 }, end: { line: from + loose.length - 1, column: 1 } };
      describe(node, 'checklist text');
      loose = [];
    };
    lines(code.value).forEach((l, i) => {
      const item = fenceItem(l);
      if (item === undefined) {
        if (l.trim() && loose.length === 0) from = start + i;
        if (l.trim()) loose.push(l);
        return;
      }
      flush();
      const src: RootContent = {
        type: 'paragraph',
        children: [text(item)],
        position: { start: { line: start + i, column: 1 }, end: { line: start + i, column: 1 } },
      };
      addStep([text(item)], start + i, [], src);
    });
    flush();
  };

  const boxParagraph = (node: RootContent) => {
    const { line: first, endLine } = linesOf(node);
    // In HTML a `<br>` ends a line of text but not of the file: never past the paragraph's end.
    const at = (i: number) => Math.min(first + i, endLine);
    let loose: string[] = [];
    const flush = () => {
      if (loose.length === 0) return;
      describe({ ...para([text(loose.join(' '))]), position: node.position! });
      loose = [];
    };
    lines(textOf(node)).forEach((l, i) => {
      const item = boxItem(l);
      if (item === undefined) return void (l.trim() && loose.push(l.trim()));
      flush();
      addStep([text(item)], at(i), [], {
        type: 'paragraph',
        children: [text(item)],
        position: { start: { line: at(i), column: 1 }, end: { line: at(i), column: 1 } },
      });
    });
    flush();
  };

  const listItemStep = (item: ListItem) => {
    const [head, ...body] = item.children;
    let title: PhrasingContent[] = [];
    let rest = item.children;
    if (head?.type === 'paragraph') {
      title = head.children;
      rest = body;
      const boxed = boxItem(firstParagraphText(item));
      if (boxed !== undefined && item.checked == null) title = [text(boxed)];
    }
    const fences = rest.filter((n): n is Code => n.type === 'code' && shellLang(n) !== undefined);
    const description = rest.filter((n) => !fences.includes(n as Code));
    if (fences.length === 0) return void addStep(title, linesOf(item).line, description, item);
    fences.forEach((f, i) => {
      const t = i === 0 ? title : [...title, text(` (part ${i + 1})`)];
      addStep(t.length > 0 ? t : commandTitle(f.value), linesOf(f).line, i === 0 ? description : [], i === 0 ? item : f, command(f));
    });
  };

  const list = (node: List) => {
    let plain: ListItem[] = [];
    const flush = () => {
      if (plain.length === 0) return;
      describe({
        ...node,
        children: plain,
        position: {
          start: plain[0]!.position?.start ?? node.position!.start,
          end: plain[plain.length - 1]!.position?.end ?? node.position!.end,
        },
      });
      plain = [];
    };
    for (const item of node.children) {
      if (node.ordered || isBoxed(item)) {
        flush();
        listItemStep(item);
      } else plain.push(item);
    }
    flush();
  };

  const inPhaseMode = () => phaseDepth === undefined || phase !== undefined;
  for (let i = 0; i < kids.length; i++) {
    const node = kids[i]!;
    const h = byIndex.get(i);
    if (h) {
      flushLead();
      if (h === titleHead) {
        items.add('front-matter', node, 'title (the document heading)');
        continue;
      }
      if (opensPhase(h)) {
        inSection = false;
        const p = newPhase(h.window ? h.window.title : h.text, linesOf(node).line, h.window);
        items.add('phase', node, `phase "${p.title}"`);
        continue;
      }
      if (phaseDepth !== undefined && h.node.depth <= phaseDepth) {
        phase = undefined;
        inSection = true;
      }
      if (phase) {
        // One shell block under a sub-heading: the heading names that command's step.
        const end = h.next;
        const body = kids.slice(i + 1, end);
        const shells = body.filter((n): n is Code => n.type === 'code' && shellLang(n) !== undefined);
        if (shells.length === 1 && body.filter(isStepMaterial).length === 1) {
          const prose = body.filter((n) => n !== shells[0]);
          addStep(node.type === 'heading' ? node.children : [], linesOf(node).line, prose, node, command(shells[0]!));
          for (const n of prose)
            items.add('description', n, `kept in the description of step "${phase.steps[phase.steps.length - 1]!.id}"`);
          i = end - 1;
          continue;
        }
        lead.push(node);
        items.add('description', node, 'sub-heading kept as a heading in the description of the next step');
        continue;
      }
      describe(node, inSection ? 'section without steps' : undefined);
      continue;
    }
    if (!inPhaseMode() || inSection) {
      describe(node, isStepMaterial(node) ? 'outside any phase, so not a step' : undefined);
      continue;
    }
    if (node.type === 'list' && isStepMaterial(node)) list(node);
    else if (node.type === 'code' && shellLang(node)) {
      // A lead-in paragraph that ends with ":" names the command: "Restore the base backup:".
      const prev = kids[i - 1];
      const w = phase && where();
      const leadIn =
        prev?.type === 'paragraph' && w?.list[w.list.length - 1] === prev && /:\s*$/.test(textOf(prev)) && textOf(prev).length <= 200;
      if (leadIn && w) {
        w.list.pop();
        const titled = structuredClone(prev.children);
        const last = titled[titled.length - 1];
        if (last?.type === 'text') last.value = last.value.replace(/:\s*$/, '');
        const idx = items.list.findIndex((it) => it.kind === 'description' && it.line === linesOf(prev).line);
        if (idx >= 0) items.list.splice(idx, 1);
        addStep(titled, linesOf(node).line, [], node, command(node));
        items.add('command', prev, `title of command step "${phase!.steps[phase!.steps.length - 1]!.id}"`);
      } else addStep(commandTitle(node.value), linesOf(node).line, [], node, command(node));
    } else if (node.type === 'code' && isPlainFence(node) && isStepMaterial(node)) fenceChecklist(node);
    else if (node.type === 'paragraph' && isStepMaterial(node)) boxParagraph(node);
    else
      describe(
        node,
        node.type === 'code' ? `\`\`\`${node.lang ?? ''} block: not run (only bash, sh and shell blocks become commands)` : undefined,
      );
  }
  flushLead();
  return out;
}
