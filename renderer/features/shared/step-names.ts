// Engine messages name steps by id (`step "check" cannot start yet`); a banner names them by the
// title the commander reads on the checklist. Only quoted ids of the open run's steps change.
import type { Runbook } from '../../../core/runbook/model';

export function nameSteps(message: string, runbook: Runbook | undefined): string {
  if (!runbook) return message;
  const titles = new Map(runbook.phases.flatMap((p) => p.steps.map((s) => [s.id, s.title] as const)));
  return message.replace(/"([^"\s]+)"/g, (quoted, id: string) => {
    const title = titles.get(id);
    return title === undefined ? quoted : `“${title}”`;
  });
}
