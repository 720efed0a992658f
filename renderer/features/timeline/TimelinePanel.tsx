// The timeline (planned against actual per phase and step) as the same SVG the report embeds.
// Shown through <img src="data:..."> (the CSP allows img-src data:), never injected as markup:
// an image cannot run anything, whatever a runbook title contains. Redrawn when the engine's
// clock is fetched (every event and every 30 s), not every second. A transparent button lies
// over each step row (same layout as the SVG), so a bar jumps to its step, by mouse or keyboard.
import { useMemo } from 'react';
import type { RunView } from '../../../core/api';
import { computeClock } from '../../../core/run/clock';
import { timelineLayout } from '../../../core/run/timeline-layout';
import { timelineSvg } from '../../../core/run/timeline-svg';
import { useApp } from '../../store';
import { useNow } from '../run/useNow';
import './timeline.css';

export const svgDataUrl = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

const pct = (v: number, of: number) => `${(v / of) * 100}%`;

export function TimelinePanel({ view, onJump }: { view: RunView; onJump?: (stepId: string) => void }) {
  const fetched = useApp((s) => s.clock);
  const offset = useApp((s) => s.clockOffset);
  const focusStep = useApp((s) => s.focusStep);
  const { runbook, state } = view;
  // Read once per mount/minute, not during render: the timeline is redrawn on each new event anyway.
  const now = useNow(60_000);
  const clock = useMemo(
    // The engine's clock when it matches this state; else the same computation on engine time.
    () => (fetched && fetched.seq === state.lastSeq ? fetched : computeClock(runbook, state, new Date(now + offset))),
    [fetched, runbook, state, offset, now],
  );
  const src = useMemo(() => svgDataUrl(timelineSvg(runbook, clock)), [runbook, clock]);
  const layout = useMemo(() => timelineLayout(runbook, clock), [runbook, clock]);
  const jump = onJump ?? focusStep;
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
        Planned (dashed: phase budgets and step estimates) against actual: done solid, running striped, failed gridded, skipped dotted,
        overridden with diagonals, a phase that ended not all done checked; the part of a bar past its plan is hatched and marked LATE. T0
        is the left edge. Select a bar to go to its step.
      </p>
      <div className="timeline-frame">
        <div className="timeline-stage">
          <img src={src} alt={alt} className="timeline-img" width={layout.width} height={layout.height} />
          <ol className="timeline-jumps" aria-label="Go to a step">
            {layout.rows
              .filter((r) => r.kind === 'step')
              .map((r) => {
                const what = `${r.title} (${r.state}${r.late ? ', late' : ''})`;
                return (
                  <li key={r.id} style={{ top: pct(r.y, layout.height), height: pct(r.h, layout.height) }}>
                    <button
                      type="button"
                      className="timeline-jump"
                      data-jump={r.id}
                      title={what}
                      aria-label={`Go to step: ${what}`}
                      onClick={() => jump(r.id)}
                    />
                  </li>
                );
              })}
          </ol>
        </div>
      </div>
    </section>
  );
}
