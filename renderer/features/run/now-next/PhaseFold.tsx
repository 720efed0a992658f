// A phase of the checklist. In focus mode a phase with neither the current step nor the next
// ones folds to one line that says how far it got; a click (or a jump link) unfolds it.
import type { ReactNode } from 'react';

interface Props {
  id: string;
  folded: boolean;
  heading: ReactNode;
  /** The one line of a folded phase, e.g. "✓ 3 of 3 closed". */
  summary: string;
  children: ReactNode;
}

export function PhaseFold({ id, folded, heading, summary, children }: Props) {
  if (!folded)
    return (
      <section className="phase" aria-labelledby={`ph-${id}`}>
        <h3 id={`ph-${id}`} className="phase-title">
          {heading}
        </h3>
        {children}
      </section>
    );
  return (
    <section className="phase is-folded" aria-labelledby={`ph-${id}`}>
      <details>
        <summary className="phase-title">
          <span id={`ph-${id}`} className="phase-fold-title">
            {heading}
          </span>
          <span className="phase-fold-summary">{summary}</span>
        </summary>
        {children}
      </details>
    </section>
  );
}
