// Building phases and steps from their mdast nodes: titles, attributes, ids, bodies, actions.
import type { Code, Heading, ListItem, Nodes } from 'mdast';
import type { Phase, Step, StepAction } from './model';
import type { SourceText } from './source';
import { isActionLang, readAction, type Declared } from './action';
import { splitTrailingAttrs, stripTrailingAttrs, type RawAttr } from './attributes';
import { descendants, endOf, joinMarkdown, plainText, sourceOf, startOf } from './markdown';
import { slugify } from './slug';
import { Diagnostics } from './source';
import { phaseAttrs, STEP_ATTRS, stepAttrs } from './step-attrs';

export interface Ctx {
  src: SourceText;
  diag: Diagnostics;
  declared: Declared;
}

/** A step plus what the whole-runbook checks need: where it is and what it refers to. */
export interface StepDraft {
  step: Step;
  offset: number;
  /** Offset of an explicit id= value, where a duplicate is reported. */
  idOffset?: number;
  afterRefs: { id: string; offset: number }[];
}

function titleAndAttrs(ctx: Ctx, inline: Nodes[], whole: Nodes): { title: string; attrs: RawAttr[] } {
  const first = inline[0];
  const last = inline[inline.length - 1];
  if (!first || !last) return { title: '', attrs: [] };
  const raw = ctx.src.text.slice(startOf(first), endOf(last));
  const { attrs } = splitTrailingAttrs(raw, startOf(first), ctx.diag);
  return { title: stripTrailingAttrs(plainText(whole)), attrs };
}

export function makePhase(ctx: Ctx, h: Heading): Phase {
  const { title, attrs } = titleAndAttrs(ctx, h.children, h);
  const { budgetMs } = phaseAttrs(attrs, ctx.diag);
  if (title === '') ctx.diag.at(startOf(h), 'phase heading has no title: expected "# Title {budget=30m}"');
  const phase: Phase = { id: slugify(title), title, description: '', line: h.position!.start.line, steps: [] };
  if (budgetMs !== undefined) phase.budgetMs = budgetMs;
  return phase;
}

function makeStep(ctx: Ctx, phaseId: string, node: Nodes, title: string, attrs: RawAttr[]): StepDraft {
  const offset = startOf(node);
  const a = stepAttrs(attrs, ctx.diag);
  const idAttr = attrs.find((x) => x.key === 'id');
  if (title === '') ctx.diag.at(offset, 'step has no text: expected a title before its {attributes}');
  const id = a.id ?? slugify(title);
  if (id === '' && title !== '' && !idAttr) {
    ctx.diag.at(offset, `cannot make a step id from "${title}": add {id=...} with a-z, 0-9 and "-"`);
  }
  const step: Step = { id, title, phaseId, kind: 'manual', description: '', attrs: a.attrs, line: node.position!.start.line };
  return { step, offset, idOffset: a.id === undefined ? undefined : idAttr?.valueOffset, afterRefs: a.afterRefs };
}

/** `- [ ] text {attrs}`; nested content of the item becomes its description. */
export function makeTaskStep(ctx: Ctx, phaseId: string, item: ListItem): StepDraft {
  const [head, ...rest] = item.children;
  const inline = head?.type === 'paragraph' ? head.children : [];
  const { title, attrs } = head?.type === 'paragraph' ? titleAndAttrs(ctx, inline, head) : { title: '', attrs: [] };
  const draft = makeStep(ctx, phaseId, item, title, attrs);
  const body = head?.type === 'paragraph' ? rest : item.children;
  const indent = body[0] ? body[0].position!.start.column - 1 : 0;
  draft.step.description = sourceOf(ctx.src.text, body, indent);
  checkNestedActions(ctx, body);
  checkBodyAttrs(ctx, draft.step.id, body);
  return draft;
}

/** `## Title {attrs}` and the blocks under it: description, and at most one action block. */
export function makeHeadingStep(ctx: Ctx, phaseId: string, h: Heading, body: Nodes[]): StepDraft {
  const { title, attrs } = titleAndAttrs(ctx, h.children, h);
  const draft = makeStep(ctx, phaseId, h, title, attrs);
  const actions = body.filter((n): n is Code => n.type === 'code' && isActionLang(n.lang));
  const [action, ...extra] = actions;
  for (const x of extra) {
    ctx.diag.at(
      startOf(x),
      `a step has at most one action block (the first is on line ${action!.position!.start.line}); split it into two ## steps`,
    );
  }
  const runs: Nodes[][] = [[]];
  for (const n of body) {
    if (actions.includes(n as Code)) runs.push([]);
    else runs[runs.length - 1]!.push(n);
  }
  checkNestedActions(ctx, runs.flat());
  checkBodyAttrs(ctx, draft.step.id, body);
  draft.step.description = joinMarkdown(runs.map((r) => sourceOf(ctx.src.text, r)));
  if (action) {
    const act: StepAction = readAction(action, ctx.src, ctx.declared, ctx.diag);
    draft.step.action = act;
    draft.step.kind = act.type === 'command' ? 'command' : 's3-check';
  }
  return draft;
}

/** An action block nested in a list or quote would silently never run: say so. */
export function checkNestedActions(ctx: Ctx, nodes: Nodes[]): void {
  for (const n of nodes) {
    for (const c of [n, ...descendants(n)]) {
      if (c.type === 'code' && isActionLang(c.lang) && (c.lang === 's3-check' || (c.meta ?? '').includes('{'))) {
        ctx.diag.at(
          startOf(c),
          `\`\`\`${c.lang} blocks inside a list or quote are not run: put the action block at the top level of a ## step`,
        );
      }
    }
  }
}

/**
 * A checkbox or heading inside a step's body is description, not a step: step attributes on it
 * (a gate, an id) would silently do nothing. Other trailing braces are ordinary text.
 */
function checkBodyAttrs(ctx: Ctx, stepId: string, nodes: Nodes[]): void {
  for (const n of nodes) {
    for (const c of [n, ...descendants(n)]) {
      const line = c.type === 'listItem' && c.checked != null ? c.children[0] : c.type === 'heading' ? c : undefined;
      if (!line || (line.type !== 'paragraph' && line.type !== 'heading')) continue;
      const first = line.children[0];
      const last = line.children[line.children.length - 1];
      if (!first || !last) continue;
      // Tokenizing problems of text that is not an attribute block are not the writer's concern.
      const scratch = new Diagnostics(ctx.src);
      const { attrs } = splitTrailingAttrs(ctx.src.text.slice(startOf(first), endOf(last)), startOf(first), scratch);
      const attr = attrs.find((a) => STEP_ATTRS.includes(a.key));
      if (attr) {
        ctx.diag.at(
          attr.keyOffset,
          `step attribute "${attr.key}" inside the body of step "${stepId}" does nothing: a checkbox there is part of the step's description, not a step; make it a step of its own (a "- [ ]" item under the # phase, or a ## heading), or remove the {…}`,
        );
      }
    }
  }
}
