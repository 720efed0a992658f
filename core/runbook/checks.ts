// Whole-runbook checks, once every phase and step is known: unique ids, after= references,
// empty phases, budgets against the RTO.
import type { Phase } from './model';
import type { Diagnostics } from './source';
import type { StepDraft } from './steps';
import { formatDuration } from './duration';
import { isReservedId } from './slug';
import { didYouMean } from './suggest';

export function checkOutline(phases: Phase[], drafts: StepDraft[], rtoMs: number | undefined, diag: Diagnostics): void {
  if (phases.length === 0) diag.atPos(1, 1, 'no phases: expected at least one "# Phase title" heading with steps under it');

  const phaseLines = new Map<string, number>();
  for (const p of phases) {
    const first = phaseLines.get(p.id);
    if (p.id === '' && p.title !== '')
      diag.atPos(p.line, 1, `cannot make a phase id from "${p.title}": use letters or digits in the title`);
    else if (isReservedId(p.id))
      diag.atPos(p.line, 1, `phase "${p.title}" would have the id "${p.id}", a name the app reserves: add a word to its title`);
    else if (first !== undefined && p.id !== '')
      diag.atPos(p.line, 1, `duplicate phase "${p.title}" (id "${p.id}" is also on line ${first}); phase titles must differ`);
    else phaseLines.set(p.id, p.line);
    if (p.steps.length === 0) diag.atPos(p.line, 1, `phase "${p.title}" has no steps`, true);
  }

  const index = new Map<string, number>();
  drafts.forEach((d, i) => {
    const { id } = d.step;
    if (id === '') return;
    if (isReservedId(id)) {
      const how = d.idOffset === undefined ? 'give it an {id=...}' : 'choose another';
      return diag.at(d.idOffset ?? d.offset, `step id "${id}" is a name the app reserves: ${how}`);
    }
    const first = index.get(id);
    if (first === undefined) index.set(id, i);
    else {
      const where = `also on line ${drafts[first]!.step.line}`;
      diag.at(d.idOffset ?? d.offset, `duplicate step id "${id}" (${where}); give one of them a different {id=...}`);
    }
  });

  drafts.forEach((d, i) => {
    for (const ref of d.afterRefs) {
      const target = index.get(ref.id);
      if (target === undefined) diag.at(ref.offset, `after=${ref.id}: no step has the id "${ref.id}"${didYouMean(ref.id, index.keys())}`);
      else if (target === i) diag.at(ref.offset, `after=${ref.id}: a step cannot wait for itself`);
      else if (target > i) {
        const line = drafts[target]!.step.line;
        diag.at(ref.offset, `after=${ref.id}: step "${ref.id}" (line ${line}) comes later; a step can only wait for steps above it`);
      }
    }
  });

  if (rtoMs === undefined) return;
  let total = 0;
  for (const p of phases) {
    total += p.budgetMs ?? 0;
    if (total > rtoMs) {
      diag.atPos(
        p.line,
        1,
        `phase budgets reach ${formatDuration(total)} by "${p.title}", more than the rto of ${formatDuration(rtoMs)}`,
        true,
      );
      return;
    }
  }
}
