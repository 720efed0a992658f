// Starting a run pins this exact version. T0 is when the incident was declared, which is often
// before anyone opened Drillbook, so it is editable and defaults to now.
import { useState, type FormEvent } from 'react';
import type { Runbook } from '../../../core/runbook/model';
import { navigate } from '../../router';
import { useApp } from '../../store';
import type { Participant } from '../../../core/run/events';
import { formatTime, toLocalInput } from '../shared/format';
import { ParticipantsField } from './ParticipantsField';
import { chosenBindings, HostBindingsField } from './HostBindingsField';

export function StartRunForm({ runbook }: { runbook: Runbook }) {
  const settingsActor = useApp((s) => s.settings.actor);
  const saveSettings = useApp((s) => s.saveSettings);
  const startRun = useApp((s) => s.startRun);
  const [mode, setMode] = useState<'drill' | 'incident'>('drill');
  const [t0, setT0] = useState(() => toLocalInput(new Date()));
  const [actor, setActor] = useState(settingsActor);
  const [params, setParams] = useState<Record<string, string>>(() =>
    Object.fromEntries(Object.entries(runbook.params).map(([k, p]) => [k, p.default ?? ''])),
  );
  const [busy, setBusy] = useState(false);
  const [people, setPeople] = useState<Participant[]>([]);
  const [bindings, setBindings] = useState<Record<string, string[]>>({});
  const t0Date = t0 ? new Date(t0) : undefined;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const who = actor.trim() || settingsActor.trim();
    if (!who) return;
    setBusy(true);
    if (!settingsActor.trim()) await saveSettings({ actor: who });
    const t = t0 ? new Date(t0) : new Date();
    const runId = await startRun({
      id: runbook.id,
      version: runbook.version,
      mode,
      actor: who,
      t0: Number.isNaN(t.getTime()) ? undefined : t.toISOString(),
      params: Object.fromEntries(Object.entries(params).filter(([, v]) => v !== '')),
      participants: people.map((p) => ({ name: p.name.trim(), role: p.role.trim() })).filter((p) => p.name && p.role),
      bindings: chosenBindings(bindings),
    });
    setBusy(false);
    if (runId) navigate({ name: 'run', runId });
  };

  return (
    <form className="start-run card" onSubmit={submit} aria-labelledby="start-title">
      <h3 id="start-title">
        Start a run of {runbook.id}@{runbook.version}
      </h3>
      <fieldset className="mode-choice">
        <legend>Mode</legend>
        {(['drill', 'incident'] as const).map((m) => (
          <label key={m} className={`mode-option mode-${m}`}>
            <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} />
            {m === 'drill' ? 'Drill (practice)' : 'Incident (production is down)'}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="start-t0">T0 — incident declared at (local time; may be earlier than now)</label>
        <input id="start-t0" type="datetime-local" value={t0} aria-describedby="start-t0-hint" onChange={(e) => setT0(e.target.value)} />
        <p id="start-t0-hint" className="muted field-hint">
          {t0Date && !Number.isNaN(t0Date.getTime()) ? <>= {formatTime(t0Date)}. Deadlines count from T0.</> : 'Empty = now.'}
        </p>
      </div>
      <div className="field">
        <label htmlFor="start-actor">Your name</label>
        <input id="start-actor" type="text" required value={actor} autoComplete="name" onChange={(e) => setActor(e.target.value)} />
      </div>
      <ParticipantsField runbook={runbook} value={people} onChange={setPeople} />
      <HostBindingsField runbook={runbook} value={bindings} onChange={setBindings} />
      {Object.entries(runbook.params).map(([k, p]) => (
        <div className="field" key={k}>
          <label htmlFor={`param-${k}`}>
            <code>{k}</code>
            {p.description ? ` — ${p.description}` : ''}
            {p.required ? ' (required)' : ''}
          </label>
          <input
            id={`param-${k}`}
            type="text"
            required={p.required}
            value={params[k] ?? ''}
            onChange={(e) => setParams({ ...params, [k]: e.target.value })}
          />
        </div>
      ))}
      <button type="submit" className={`primary start-${mode}`} disabled={busy}>
        {mode === 'incident' ? 'Start INCIDENT run' : 'Start drill'}
      </button>
    </form>
  );
}
