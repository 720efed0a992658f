// The timeline (planned against actual per phase and step) as the same SVG the report embeds.
// Shown through <img src="data:..."> (the CSP allows img-src data:), never injected as markup:
// an image cannot run anything, whatever a runbook title contains. Redrawn when the engine's
// clock is fetched (every event and every 30 s), not every second.
import { useMemo } from 'react';
import type { RunView } from '../../../core/api';
import { computeClock } from '../../../core/run/clock';
import { timelineSvg } from '../../../core/run/timeline-svg';
import { useApp } from '../../store';
import { useNow } from '../run/useNow';

export const svgDataUrl = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

export function TimelinePanel({ view }: { view: RunView }) {
  const fetched = useApp((s) => s.clock);
  const offset = useApp((s) => s.clockOffset);
  const { runbook, state } = view;
  // Read once per mount/minute, not during render: the timeline is redrawn on each new event anyway.
  const now = useNow(60_000);
  const clock = useMemo(
    // The engine's clock when it matches this state; else the same computation on engine time.
    () => (fetched && fetched.seq === state.lastSeq ? fetched : computeClock(runbook, state, new Date(now + offset))),
    [fetched, runbook, state, offset, now],
  );
  const src = useMemo(() => svgDataUrl(timelineSvg(runbook, clock)), [runbook, clock]);
  const late = clock.lateSteps.length;
  const alt =
    `Timeline of ${runbook.title}: planned against actual for ${clock.phases.length} phases and ${clock.steps.length} steps; ` +
    `${late} late step${late === 1 ? '' : 's'}${
      clock.phases.some((p) => p.late)
        ? `; late phases: ${clock.phases
            .filter((p) => p.late)
            .map((p) => p.title)
            .join(', ')}`
        : ''
    }.`;
  return (
    <section className="timeline-panel" aria-labelledby="timeline-title">
      <h3 id="timeline-title">Timeline</h3>
      <p className="muted">
        Planned (dashed: phase budgets and step estimates) against actual (solid); late bars are hatched and marked LATE. T0 is the left
        edge.
      </p>
      <div className="timeline-frame">
        <img src={src} alt={alt} className="timeline-img" />
      </div>
    </section>
  );
}
