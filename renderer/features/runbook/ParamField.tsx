// One parameter of the start form: what it expects (its type or pattern) and, as the commander
// types, whether the value fits: the very check the engine makes when the run starts.
import { useEffect, useRef } from 'react';
import type { ParamSpec } from '../../../core/runbook/model';
import { PARAM_TYPE_HINTS, paramValueProblem } from '../../../core/runbook/param-types';

export function expectedOf(p: ParamSpec): string | undefined {
  const parts = [
    p.type && p.type !== 'string' && `${p.type}: ${PARAM_TYPE_HINTS[p.type]}`,
    p.pattern !== undefined && `must match the pattern ${p.pattern}`,
  ].filter(Boolean);
  return parts.length ? `Expects ${parts.join('; ')}.` : undefined;
}

export function ParamField({ name, spec, value, onChange }: { name: string; spec: ParamSpec; value: string; onChange(v: string): void }) {
  const ref = useRef<HTMLInputElement>(null);
  const problem = paramValueProblem(name, spec, value);
  const expected = expectedOf(spec);
  useEffect(() => ref.current?.setCustomValidity(problem ?? ''), [problem]);
  const hint = `param-${name}-hint`;
  const err = `param-${name}-error`;
  return (
    <div className="field">
      <label htmlFor={`param-${name}`}>
        <code>{name}</code>
        {spec.description ? ` — ${spec.description}` : ''}
        {spec.required ? ' (required)' : ''}
      </label>
      <input
        ref={ref}
        id={`param-${name}`}
        type="text"
        required={spec.required}
        value={value}
        aria-invalid={problem ? true : undefined}
        aria-describedby={[expected && hint, problem && err].filter(Boolean).join(' ') || undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {expected && (
        <p id={hint} className="muted field-hint">
          {expected}
        </p>
      )}
      {problem && (
        <p id={err} className="problem field-hint" role="status">
          {problem}
        </p>
      )}
    </div>
  );
}
