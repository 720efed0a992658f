// What a step says and what it would run. Shared by the preview and the live checklist so both
// show the exact same words and command text.
import type { Step } from '../../../core/runbook/model';
import { stepTimeoutMs } from '../../../core/runbook/step-timeout';
import { Markdown } from '../shared/Markdown';
import { formatDuration } from '../shared/format';

export function StepMeta({ step }: { step: Step }) {
  const a = step.attrs;
  const bits = [
    a.estimateMs !== undefined && `est. ${formatDuration(a.estimateMs)}`,
    a.role && `role: ${a.role}`,
    a.gate && `gate: ${a.gate} sign-off`,
    a.after.length > 0 && `after: ${a.after.join(', ')}`,
  ].filter(Boolean);
  if (!bits.length) return null;
  return <p className="step-meta">{bits.join(' · ')}</p>;
}

/**
 * `inRun`: the run view shows the command as it will run (parameters filled in) above; the text
 * as written, with its `{{placeholders}}`, is then folded away rather than shown twice.
 */
export function StepBody({ step, inRun = false }: { step: Step; inRun?: boolean }) {
  const act = step.action;
  const folded = inRun && act?.type === 'command' && act.script.includes('{{');
  const script = act?.type === 'command' && <pre className="code">{act.script}</pre>;
  return (
    <div className="step-body">
      <StepMeta step={step} />
      {step.description && <Markdown source={step.description} />}
      {act?.type === 'command' && (
        <figure className="action">
          <figcaption>
            <code>{act.lang}</code> on <strong>{act.host === 'local' ? 'this machine' : `host role “${act.host}”`}</strong>
            {` · timeout ${formatDuration(stepTimeoutMs(step))}`}
            <span className="hint"> — done by a successful run (Run), never by a tick</span>
          </figcaption>
          {folded ? (
            <details className="as-written">
              <summary>As written in the runbook, with its {'{{placeholders}}'}</summary>
              {script}
            </details>
          ) : (
            script
          )}
        </figure>
      )}
      {act?.type === 's3-check' && (
        <figure className="action">
          <figcaption>
            <code>s3-check</code>
            {` · timeout ${formatDuration(stepTimeoutMs(step))}`}
            <span className="hint"> — done by a successful check (Run), never by a tick</span>
          </figcaption>
          <pre className="code">{act.body}</pre>
        </figure>
      )}
    </div>
  );
}
