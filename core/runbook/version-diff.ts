// Two parsed versions of a runbook → what changed: front matter, phases, and steps added,
// removed, moved and changed (text, command, attributes, budgets). Pure; the text rendering is
// version-diff-text.ts.
import type { Phase, Runbook, Step } from './model';
import { change, duration, flag, list, optionalText } from './version-diff-fields';
import { movedPositions, pairItems } from './version-diff-match';
import type { DiffSide, FieldChange, PhaseDiff, PhasePlace, StepDiff, StepPlace, VersionDiff } from './version-diff-model';

export interface DiffInput {
  runbook: Runbook;
  file?: string;
}

function frontMatterChanges(a: Runbook, b: Runbook): FieldChange[] {
  const out = [
    ...change('id', 'id', a.id, b.id),
    ...change('title', 'title', a.title, b.title, true),
    ...change('owner', 'owner', a.owner, b.owner),
    ...change('description', 'description', optionalText(a.description), optionalText(b.description), true),
    ...change('tags', 'tags', list(a.tags), list(b.tags)),
    ...change('rto', 'RTO', duration(a.rtoMs), duration(b.rtoMs)),
    ...change('rpo', 'RPO', duration(a.rpoMs), duration(b.rpoMs)),
  ];
  for (const name of union(Object.keys(a.params), Object.keys(b.params))) {
    const [p, q] = [a.params[name], b.params[name]];
    const what = `parameter ${name}`;
    if (!p || !q) {
      const spec = (p ?? q)!;
      const text = `${spec.required ? 'required' : 'optional'}${spec.type ? `, ${spec.type}` : ''}${spec.pattern !== undefined ? `, pattern ${spec.pattern}` : ''}${spec.default !== undefined ? `, default "${spec.default}"` : ''}`;
      out.push(...change(`param.${name}`, what, p && text, q && text));
      continue;
    }
    out.push(
      ...change(`param.${name}.description`, `${what}: description`, p.description, q.description, true),
      ...change(`param.${name}.required`, `${what}: required`, flag(p.required), flag(q.required)),
      ...change(`param.${name}.default`, `${what}: default`, p.default, q.default, true),
      ...change(`param.${name}.type`, `${what}: type`, p.type, q.type),
      ...change(`param.${name}.pattern`, `${what}: pattern`, p.pattern, q.pattern),
    );
  }
  for (const role of union(Object.keys(a.hosts), Object.keys(b.hosts))) {
    const [h, k] = [a.hosts[role], b.hosts[role]];
    const what = `host role ${role}`;
    if (!h || !k) {
      const text = (h ?? k)!.many ? 'many hosts' : 'one host';
      out.push(...change(`host.${role}`, what, h && text, k && text));
      continue;
    }
    out.push(
      ...change(`host.${role}.description`, `${what}: description`, h.description, k.description, true),
      ...change(`host.${role}.many`, `${what}: many`, flag(h.many), flag(k.many)),
    );
  }
  return out;
}

const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];

function stepChanges(a: Step, b: Step): FieldChange[] {
  const [x, y] = [a.action, b.action];
  const cmd = (s: Step) => (s.action?.type === 'command' ? s.action : undefined);
  const check = (s: Step) => (s.action?.type === 's3-check' ? s.action.body : undefined);
  return [
    ...change('title', 'title', a.title, b.title, true),
    ...change('id', 'id', a.id, b.id),
    ...change('kind', 'kind', a.kind, b.kind),
    ...change('description', 'description', optionalText(a.description), optionalText(b.description), true),
    ...change('command', 'command', cmd(a)?.script, cmd(b)?.script, true),
    ...change('host', 'host', cmd(a)?.host, cmd(b)?.host),
    ...change('lang', 'shell', x?.type === 'command' ? x.lang : undefined, y?.type === 'command' ? y.lang : undefined),
    ...change('command-timeout', 'command timeout', duration(cmd(a)?.timeoutMs), duration(cmd(b)?.timeoutMs)),
    ...change('s3-check', 's3-check', check(a), check(b), true),
    ...change('estimate', 'estimate', duration(a.attrs.estimateMs), duration(b.attrs.estimateMs)),
    ...change('timeout', 'timeout', duration(a.attrs.timeoutMs), duration(b.attrs.timeoutMs)),
    ...change('role', 'role', a.attrs.role, b.attrs.role),
    ...change('gate', 'gate', a.attrs.gate, b.attrs.gate),
    ...change('after', 'after', list(a.attrs.after), list(b.attrs.after)),
    ...change('retries', 'retries', String(a.attrs.retries), String(b.attrs.retries)),
    ...change('expect-exit', 'expect-exit', String(a.attrs.expectExit), String(b.attrs.expectExit)),
    ...change('continue-on-failure', 'continue-on-failure', flag(a.attrs.continueOnFailure), flag(b.attrs.continueOnFailure)),
  ];
}

function phaseChanges(a: Phase, b: Phase): FieldChange[] {
  return [
    ...change('title', 'title', a.title, b.title, true),
    ...change('id', 'id', a.id, b.id),
    ...change('budget', 'budget', duration(a.budgetMs), duration(b.budgetMs)),
    ...change('description', 'description', optionalText(a.description), optionalText(b.description), true),
  ];
}

const phasePlace = (p: Phase, i: number): PhasePlace => ({ id: p.id, title: p.title, index: i + 1, line: p.line });

interface FlatStep {
  step: Step;
  place: StepPlace;
  phaseIndex: number;
}

function flatten(rb: Runbook): FlatStep[] {
  return rb.phases.flatMap((p, phaseIndex) =>
    p.steps.map((s, i) => ({
      step: s,
      phaseIndex,
      place: { id: s.id, title: s.title, phaseId: p.id, phaseTitle: p.title, index: i + 1, line: s.line },
    })),
  );
}

function diffPhases(a: Runbook, b: Runbook): { diffs: PhaseDiff[]; toOf: Map<number, number> } {
  const pairing = pairItems(a.phases, b.phases);
  const moved = movedPositions(pairing.pairs.map((p) => p.from));
  const toOf = new Map(pairing.pairs.map((p) => [p.from, p.to]));
  const kept: PhaseDiff[] = pairing.pairs.map((p, k) => ({
    kind: 'kept',
    from: phasePlace(a.phases[p.from]!, p.from),
    to: phasePlace(b.phases[p.to]!, p.to),
    moved: moved.has(k),
    changes: phaseChanges(a.phases[p.from]!, b.phases[p.to]!),
  }));
  const diffs: PhaseDiff[] = [
    ...pairing.removed.map((i): PhaseDiff => ({ kind: 'removed', from: phasePlace(a.phases[i]!, i) })),
    ...pairing.added.map((j): PhaseDiff => ({ kind: 'added', to: phasePlace(b.phases[j]!, j) })),
    ...kept.filter((d) => d.kind === 'kept' && (d.moved || d.changes.length > 0)),
  ];
  return { diffs: diffs.sort((x, y) => order(x) - order(y)), toOf };
}

/** Sort key: the phase's place in the newer version, a removed one where it stood. */
const order = (d: PhaseDiff) => (d.kind === 'removed' ? d.from.index - 0.5 : d.to.index);

function diffSteps(a: Runbook, b: Runbook, phaseTo: Map<number, number>): StepDiff[] {
  const [from, to] = [flatten(a), flatten(b)];
  const samePhase = (i: number, j: number) => (phaseTo.get(from[i]!.phaseIndex) === to[j]!.phaseIndex ? 0.05 : 0);
  const pairing = pairItems(
    from.map((f) => f.step),
    to.map((t) => t.step),
    samePhase,
  );
  // A step moved when it left its (matched) phase, or changed places among the steps that stayed there.
  const movedPairs = new Set<number>();
  const stayed = pairing.pairs.map((p, k) => ({ ...p, k })).filter((p) => samePhase(p.from, p.to) > 0);
  for (const p of pairing.pairs.map((p, k) => ({ ...p, k }))) if (samePhase(p.from, p.to) === 0) movedPairs.add(p.k);
  for (const phase of new Set(stayed.map((p) => to[p.to]!.phaseIndex))) {
    const inPhase = stayed.filter((p) => to[p.to]!.phaseIndex === phase);
    for (const m of movedPositions(inPhase.map((p) => p.from))) movedPairs.add(inPhase[m]!.k);
  }
  const kept = pairing.pairs.flatMap((p, k): (StepDiff & { at: number })[] => {
    const changes = stepChanges(from[p.from]!.step, to[p.to]!.step);
    const moved = movedPairs.has(k);
    if (!moved && changes.length === 0) return [];
    return [{ kind: 'kept', from: from[p.from]!.place, to: to[p.to]!.place, matchedBy: p.by, moved, changes, at: p.to }];
  });
  const added = pairing.added.map((j): StepDiff & { at: number } => ({ kind: 'added', to: to[j]!.place, at: j }));
  // A removed step sorts just before the step that followed it in the older version (or at the end).
  const nextKept = (i: number) => pairing.pairs.filter((p) => p.from > i).reduce((m, p) => Math.min(m, p.to), to.length);
  const removed = pairing.removed.map((i): StepDiff & { at: number } => ({ kind: 'removed', from: from[i]!.place, at: nextKept(i) - 0.5 }));
  return [...kept, ...added, ...removed].sort((x, y) => x.at - y.at).map(({ at: _at, ...d }) => d as StepDiff);
}

const side = (d: DiffInput): DiffSide => ({
  id: d.runbook.id,
  version: d.runbook.version,
  title: d.runbook.title,
  ...(d.file ? { file: d.file } : {}),
});

export function diffVersions(a: DiffInput, b: DiffInput): VersionDiff {
  const frontMatter = frontMatterChanges(a.runbook, b.runbook);
  const { diffs: phases, toOf } = diffPhases(a.runbook, b.runbook);
  const steps = diffSteps(a.runbook, b.runbook, toOf);
  const summary = {
    added: steps.filter((s) => s.kind === 'added').length,
    removed: steps.filter((s) => s.kind === 'removed').length,
    moved: steps.filter((s) => s.kind === 'kept' && s.moved).length,
    changed: steps.filter((s) => s.kind === 'kept' && s.changes.length > 0).length,
    phases: phases.length,
    frontMatter: frontMatter.length,
  };
  const identical = frontMatter.length === 0 && phases.length === 0 && steps.length === 0;
  return { from: side(a), to: side(b), identical, summary, frontMatter, phases, steps };
}
