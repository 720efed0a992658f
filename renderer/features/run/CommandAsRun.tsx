// A command step's script as it will run in this run: the executor's own rendering
// (core/exec/command-render.ts), each substituted value marked, so what is shown is what runs.
import type { Step } from '../../../core/runbook/model';
import { RenderError, renderCommandParts } from '../../../core/exec/command-render';

export function CommandAsRun({ step, params }: { step: Step; params: Readonly<Record<string, string>> }) {
  const action = step.action;
  if (action?.type !== 'command') return null;
  let parts;
  try {
    parts = renderCommandParts(action.script, params, step.id);
  } catch (err) {
    if (!(err instanceof RenderError)) throw err;
    return <p className="problem">{err.message}</p>;
  }
  if (!parts.some((p) => 'param' in p)) return null;
  return (
    <figure className="action command-as-run">
      <figcaption className="muted">As it will run, with this run&apos;s parameters (values marked):</figcaption>
      <pre className="code">
        {parts.map((p, i) =>
          'param' in p ? (
            <mark key={i} className="param-value" title={`{{${p.param}}} = ${p.value}`} data-param={p.param}>
              {p.text}
            </mark>
          ) : (
            <span key={i}>{p.text}</span>
          ),
        )}
      </pre>
    </figure>
  );
}
