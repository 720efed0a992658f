// The values this run was started with, the hosts each role is bound to, and who takes part:
// what a command step runs is these values and hosts, so they are one click away.
import { useState, type FormEvent } from 'react';
import type { RunState } from '../../../core/run/state';
import { useApp } from '../../store';

/** Someone joining mid-run (e.g. a second commander who can sign off gates). */
function AddPerson() {
  const add = useApp((s) => s.addParticipant);
  const [name, setName] = useState('');
  const [role, setRole] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim() || !role.trim()) return;
    if (await add(name.trim(), role.trim())) {
      setName('');
      setRole('');
    }
  };
  return (
    <form className="participant-row add-person" onSubmit={submit} aria-label="Add a person to this run">
      <label>
        Name <input type="text" value={name} required onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Role <input type="text" value={role} required list="participant-roles-run" onChange={(e) => setRole(e.target.value)} />
      </label>
      <datalist id="participant-roles-run">
        <option value="commander" />
        <option value="operator" />
      </datalist>
      <button type="submit">Add person</button>
    </form>
  );
}

export function RunParams({ state }: { state: RunState }) {
  const entries = Object.entries(state.params);
  const people = state.participants ?? [];
  const bindings = Object.entries(state.bindings);
  return (
    <details className="run-params">
      <summary>
        Parameters ({entries.length}), host bindings ({bindings.length}) and participants ({people.length})
      </summary>
      <dl>
        {entries.map(([k, v]) => (
          <div key={k}>
            <dt>
              <code>{`{{${k}}}`}</code>
            </dt>
            <dd>
              <code>{v || '(empty)'}</code>
            </dd>
          </div>
        ))}
        {bindings.map(([role, hosts]) => (
          <div key={`host:${role}`} className="run-binding">
            <dt>
              host role <code>{role}</code>
            </dt>
            <dd>
              {hosts.map((h, i) => (
                <span key={h}>
                  {i > 0 && ', '}
                  <code>{h}</code>
                </span>
              ))}
            </dd>
          </div>
        ))}
        {people.map((p) => (
          <div key={`${p.name}/${p.role}`}>
            <dt>{p.role}</dt>
            <dd>{p.name}</dd>
          </div>
        ))}
      </dl>
      {state.status === 'active' && <AddPerson />}
    </details>
  );
}
