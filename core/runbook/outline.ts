// The document outline: `#` headings open phases; task-list items and `##` headings open steps.
// Text belongs to the step above it, or to the phase when no step came yet. Only top-level
// task items of a phase's lists are steps: checkboxes nested in a step (or in a `##` step's
// body) are a checklist inside that step's description.
import type { Heading, ListItem, Nodes, Root } from 'mdast';
import type { Phase } from './model';
import { isActionLang } from './action';
import { joinMarkdown, sourceOf, startOf } from './markdown';
import { checkNestedActions, makeHeadingStep, makePhase, makeTaskStep, type Ctx, type StepDraft } from './steps';

export interface Outline {
  phases: Phase[];
  drafts: StepDraft[];
}

const isTask = (item: ListItem) => item.checked === true || item.checked === false;
const OUTSIDE = 'step outside a phase: expected a "# Phase" heading before it';

export function readOutline(root: Root, ctx: Ctx): Outline {
  const out: Outline = { phases: [], drafts: [] };
  let phase: Phase | undefined;
  let phaseText: string[] = [];
  let heading: { h: Heading; body: Nodes[] } | undefined;
  let task: StepDraft | undefined;

  // A step outside a phase is still built, so its own problems are reported too.
  const addStep = (d: StepDraft) => {
    if (!phase) return;
    phase.steps.push(d.step);
    out.drafts.push(d);
  };
  const closeHeading = () => {
    if (heading) addStep(makeHeadingStep(ctx, phase?.id ?? '', heading.h, heading.body));
    heading = undefined;
  };
  const closePhase = () => {
    closeHeading();
    if (phase) phase.description = joinMarkdown(phaseText);
    phaseText = [];
    task = undefined;
  };
  // Loose text: the task step above it, else the phase; before the first phase it is preamble.
  const text = (n: Nodes) => {
    const md = sourceOf(ctx.src.text, [n]);
    if (task) task.step.description = joinMarkdown([task.step.description, md]);
    else if (phase) phaseText.push(md);
  };

  for (const node of root.children) {
    if (node.type === 'heading' && node.depth === 1) {
      closePhase();
      phase = makePhase(ctx, node);
      out.phases.push(phase);
    } else if (node.type === 'heading' && node.depth === 2) {
      closeHeading();
      task = undefined;
      if (!phase) ctx.diag.at(startOf(node), OUTSIDE);
      heading = { h: node, body: [] };
    } else if (heading) {
      heading.body.push(node);
    } else if (node.type === 'list') {
      for (const item of node.children) {
        if (!isTask(item)) {
          checkNestedActions(ctx, [item]);
          text(item);
          continue;
        }
        if (!phase) ctx.diag.at(startOf(item), OUTSIDE);
        task = makeTaskStep(ctx, phase?.id ?? '', item);
        addStep(task);
      }
    } else if (node.type === 'code' && isActionLang(node.lang)) {
      ctx.diag.at(
        startOf(node),
        `\`\`\`${node.lang} block outside a ## step is not run: put it under a "## Step title" heading (or use \`\`\`console for an example)`,
      );
    } else {
      checkNestedActions(ctx, [node]);
      text(node);
    }
  }
  closePhase();
  return out;
}
