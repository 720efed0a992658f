// The engine's version diff as a readable list: front matter, phases, then steps, each change
// with its old and new value; text and commands show jsdiff's parts as <del>/<ins>, which a
// screen reader announces and a black-and-white screen still tells apart (strike, underline).
import type { FieldChange, PhaseDiff, StepDiff, StepPlace, TextPart, VersionDiff } from '../../../../core/api';

function Parts({ parts }: { parts: TextPart[] }) {
  const lines = parts.some((p) => p.value.includes('\n'));
  const body = parts.map((p, i) =>
    p.added ? <ins key={i}>{p.value}</ins> : p.removed ? <del key={i}>{p.value}</del> : <span key={i}>{p.value}</span>,
  );
  return lines ? <pre className="diff-lines">{body}</pre> : <span className="diff-words">{body}</span>;
}

function Field({ c }: { c: FieldChange }) {
  let value;
  if (c.parts) value = <Parts parts={c.parts} />;
  else if (c.from === undefined) value = <ins>{c.to}</ins>;
  else if (c.to === undefined) value = <del>{c.from}</del>;
  else
    value = (
      <>
        <del>{c.from}</del> → <ins>{c.to}</ins>
      </>
    );
  return (
    <li className="diff-field">
      <span className="diff-label">{c.label}:</span> {value}
    </li>
  );
}

const where = (p: StepPlace) => `${p.phaseTitle} #${p.index}`;

function StepItem({ s }: { s: StepDiff }) {
  if (s.kind === 'added')
    return (
      <li className="diff-step diff-added">
        <span className="diff-mark">Added</span> <strong>{s.to.title}</strong> <span className="muted">in {where(s.to)}</span>
      </li>
    );
  if (s.kind === 'removed')
    return (
      <li className="diff-step diff-removed">
        <span className="diff-mark">Removed</span> <strong>{s.from.title}</strong> <span className="muted">was in {where(s.from)}</span>
      </li>
    );
  const marks = [s.moved && 'Moved', s.changes.length > 0 && 'Changed'].filter(Boolean).join(', ');
  return (
    <li className="diff-step diff-kept">
      <span className="diff-mark">{marks}</span> <strong>{s.to.title}</strong>
      {s.moved && (
        <span className="muted">
          {' '}
          from {where(s.from)} to {where(s.to)}
        </span>
      )}
      {s.changes.length > 0 && (
        <ul className="diff-fields">
          {s.changes.map((c) => (
            <Field key={c.field} c={c} />
          ))}
        </ul>
      )}
    </li>
  );
}

function PhaseItem({ p }: { p: PhaseDiff }) {
  if (p.kind !== 'kept')
    return (
      <li className={`diff-step diff-${p.kind}`}>
        <span className="diff-mark">{p.kind === 'added' ? 'Added' : 'Removed'}</span>{' '}
        <strong>{p.kind === 'added' ? p.to.title : p.from.title}</strong>
      </li>
    );
  return (
    <li className="diff-step diff-kept">
      <span className="diff-mark">{[p.moved && 'Moved', p.changes.length > 0 && 'Changed'].filter(Boolean).join(', ')}</span>{' '}
      <strong>{p.to.title}</strong>
      {p.moved && (
        <span className="muted">
          {' '}
          from phase {p.from.index} to {p.to.index}
        </span>
      )}
      {p.changes.length > 0 && (
        <ul className="diff-fields">
          {p.changes.map((c) => (
            <Field key={c.field} c={c} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function DiffView({ diff, summary }: { diff: VersionDiff; summary: string }) {
  const stepKey = (s: StepDiff) => `${s.kind}:${s.kind === 'removed' ? s.from.id : s.to.id}`;
  const phaseKey = (p: PhaseDiff) => `${p.kind}:${p.kind === 'removed' ? p.from.id : p.to.id}`;
  return (
    <div className="diff">
      <p role="status" className="diff-summary">
        <code>{diff.from.version}</code> → <code>{diff.to.version}</code>: {summary}
      </p>
      {diff.frontMatter.length > 0 && (
        <section aria-label="Front matter changes">
          <h4>Front matter</h4>
          <ul className="diff-fields">
            {diff.frontMatter.map((c) => (
              <Field key={c.field} c={c} />
            ))}
          </ul>
        </section>
      )}
      {diff.phases.length > 0 && (
        <section aria-label="Phase changes">
          <h4>Phases</h4>
          <ul className="diff-steps">
            {diff.phases.map((p) => (
              <PhaseItem key={phaseKey(p)} p={p} />
            ))}
          </ul>
        </section>
      )}
      {diff.steps.length > 0 && (
        <section aria-label="Step changes">
          <h4>Steps</h4>
          <ul className="diff-steps">
            {diff.steps.map((s) => (
              <StepItem key={stepKey(s)} s={s} />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
