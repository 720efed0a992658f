// Starting a run pins this exact version. T0 is when the incident was declared, which is often
// before anyone opened Drillbook, so it is editable and defaults to now.
import { useState, type FormEvent } from 'react';
import type { Runbook } from '../../../core/runbook/model';
import { navigate } from '../../router';
import { useApp } from '../../store';
import type { Participant } from '../../../core/run/events';
import { isFutureT0 } from '../../../core/run/start-params';
import { toLocalInput } from '../shared/format';
import { ParamField } from './ParamField';
import { ParticipantsField } from './ParticipantsField';
import { T0Field } from './T0Field';
import { chosenBindings, HostBindingsField } from './HostBindingsField';

export function StartRunForm({ runbook }: { runbook: Runbook }) {
  const settingsActor = useApp((s) => s.settings.actor);
  const saveSettings = useApp((s) => s.saveSettings);
  const startRun = useApp((s) => s.startRun);
  // A pre-fill from `drillbook open` / a drillbook:// link (router.ts): shown, never started.
  const prefill = useApp((s) => (s.route.name === 'runbook' ? s.route.prefill : undefined));
  const [mode, setMode] = useState<'drill' | 'incident'>(prefill?.mode ?? 'drill');
  const [t0, setT0] = useState(() => toLocalInput(prefill?.t0 ? new Date(prefill.t0) : new Date()));
  const [actor, setActor] = useState(settingsActor);
  const [params, setParams] = useState<Record<string, string>>(() =>
    Object.fromEntries(Object.entries(runbook.params).map(([k, p]) => [k, prefill?.params[k] ?? p.default ?? ''])),
  );
  const [busy, setBusy] = useState(false);
  const [people, setPeople] = useState<Participant[]>([]);
  const [bindings, setBindings] = useState<Record<string, string[]>>({});

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const who = actor.trim() || settingsActor.trim();
    if (!who) return;
    // The field says why; the engine would refuse it too.
    if (t0 && isFutureT0(new Date(t0), new Date())) return document.getElementById('start-t0')?.focus();
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
      <T0Field value={t0} onChange={setT0} />
      <div className="field">
        <label htmlFor="start-actor">Your name</label>
        <input id="start-actor" type="text" required value={actor} autoComplete="name" onChange={(e) => setActor(e.target.value)} />
      </div>
      <ParticipantsField runbook={runbook} value={people} onChange={setPeople} actor={actor.trim() || settingsActor.trim()} />
      <HostBindingsField runbook={runbook} value={bindings} onChange={setBindings} />
      {Object.entries(runbook.params).map(([k, p]) => (
        <ParamField key={k} name={k} spec={p} value={params[k] ?? ''} onChange={(v) => setParams({ ...params, [k]: v })} />
      ))}
      <button type="submit" className={`primary start-${mode}`} disabled={busy}>
        {mode === 'incident' ? 'Start INCIDENT run' : 'Start drill'}
      </button>
    </form>
  );
}
