// The values this run was started with and who takes part: commands show {{name}} placeholders
// (the engine quotes values when it substitutes them), so the values are one click away.
import type { RunState } from '../../../core/run/state';

export function RunParams({ state }: { state: RunState }) {
  const entries = Object.entries(state.params);
  const people = state.participants ?? [];
  return (
    <details className="run-params">
      <summary>Parameters ({entries.length}) and participants ({people.length})</summary>
      <dl>
        {entries.map(([k, v]) => (
          <div key={k}>
            <dt><code>{`{{${k}}}`}</code></dt>
            <dd><code>{v || '(empty)'}</code></dd>
          </div>
        ))}
        {people.map((p) => (
          <div key={`${p.name}/${p.role}`}>
            <dt>{p.role}</dt>
            <dd>{p.name}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
