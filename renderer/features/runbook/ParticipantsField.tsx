// Who takes part in a run, with the roles that gates (`gate=ROLE`) and steps (`role=`) name.
// The person starting the run is added as commander by the engine when not listed here.
import type { Participant } from '../../../core/run/events';
import type { Runbook } from '../../../core/runbook/model';

export function runbookRoles(runbook: Runbook): string[] {
  const roles = new Set(['commander', 'operator']);
  for (const s of runbook.phases.flatMap((p) => p.steps)) {
    if (s.attrs.gate) roles.add(s.attrs.gate);
    if (s.attrs.role) roles.add(s.attrs.role);
  }
  return [...roles];
}

/** Who the engine adds as commander (core/run/participants.ts withCommander), in words. */
export function commanderNote(actor: string, listed: Participant[]): string {
  const me = actor.trim();
  if (!me) return 'The person starting the run (“Your name”) is added as commander, unless listed below.';
  const mine = listed.filter((p) => p.name.trim().toLowerCase() === me.toLowerCase() && p.role.trim());
  if (mine.length) return `${me} is listed below as ${mine.map((p) => p.role.trim()).join(' and ')}, so is not added again as commander.`;
  return `${me} (you, from “Your name”) is added as commander. List yourself below to take another role instead.`;
}

interface Props {
  runbook: Runbook;
  value: Participant[];
  onChange(next: Participant[]): void;
  /** Who starts the run ("Your name"). */
  actor?: string;
}

export function ParticipantsField({ runbook, value, onChange, actor = '' }: Props) {
  const roles = runbookRoles(runbook);
  const gates = [...new Set(runbook.phases.flatMap((p) => p.steps).flatMap((s) => (s.attrs.gate ? [s.attrs.gate] : [])))];
  const set = (i: number, patch: Partial<Participant>) => onChange(value.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  return (
    <fieldset className="participants">
      <legend>People taking part</legend>
      <p className="muted participants-commander">
        {commanderNote(actor, value)}{' '}
        {gates.length > 0 && (
          <>
            Sign-offs in this runbook need:{' '}
            {gates.map((g) => (
              <strong key={g}>{g} </strong>
            ))}
          </>
        )}
      </p>
      <datalist id="participant-roles">
        {roles.map((r) => (
          <option key={r} value={r} />
        ))}
      </datalist>
      {value.map((p, i) => (
        <div className="participant-row" key={i}>
          <label>
            Name{' '}
            <input
              type="text"
              value={p.name}
              required
              onChange={(e) => set(i, { name: e.target.value })}
              aria-label={`Person ${i + 1} name`}
            />
          </label>
          <label>
            Role{' '}
            <input
              type="text"
              value={p.role}
              required
              list="participant-roles"
              onChange={(e) => set(i, { role: e.target.value })}
              aria-label={`Person ${i + 1} role`}
            />
          </label>
          <button type="button" onClick={() => onChange(value.filter((_, j) => j !== i))} aria-label={`Remove person ${i + 1}`}>
            Remove
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...value, { name: '', role: 'operator' }])}>
        Add person
      </button>
    </fieldset>
  );
}
