// A phase's steps as a preview (not a run): box, kind, title and what the step says and runs.
// The runbook page and the editor's preview show the same list.
import type { Step } from '../../../core/runbook/model';
import { KindIcon } from './KindIcon';
import { StepBody } from './StepBody';

export function PreviewSteps({ steps }: { steps: readonly Step[] }) {
  return (
    <ol className="steps">
      {steps.map((s) => (
        <li key={s.id} className="step preview-step">
          <div className="step-line">
            <span className="box" aria-hidden="true" />
            <KindIcon kind={s.kind} />
            <span className="step-title">{s.title}</span>
          </div>
          <StepBody step={s} />
        </li>
      ))}
    </ol>
  );
}
