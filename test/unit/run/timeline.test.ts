// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { computeClock } from '../../../core/run/clock';
import { timelineSvg } from '../../../core/run/timeline-svg';
import { minutesAfter, runAt, runbookFrom, SAMPLE } from './clock-helpers';

const T0 = '2026-11-23T10:00:00.000Z';

function parse(svg: string): Document {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const error = doc.getElementsByTagName('parsererror')[0];
  if (error) throw new Error(`not well-formed XML: ${error.textContent}`);
  return doc;
}

describe('timelineSvg', () => {
  const rb = runbookFrom(
    SAMPLE.replace('Scope the failure', 'Scope if lag < 5s & "ok"').replace('# Close', '# Close \\</text>\\<script>x\\</script>'),
  );
  const state = runAt(rb, T0, [
    [15, 'step.completed', { stepId: 'declare' }],
    [22, 'step.completed', { stepId: 'scope' }],
    [25, 'step.started', { stepId: 'restore', attempt: 1, hosts: [] }],
  ]);
  const clock = computeClock(rb, state, minutesAfter(T0, 100));
  const svg = timelineSvg(rb, clock);
  const doc = parse(svg);

  it('is one well-formed, self-contained SVG without scripts or outside references', () => {
    expect(doc.documentElement.tagName).toBe('svg');
    expect(doc.documentElement.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(doc.getElementsByTagName('script')).toHaveLength(0);
    expect(svg).not.toMatch(/<script|javascript:|href=|on[a-z]+=/i);
  });

  it('has a row per phase and per step, each step with its planned bar', () => {
    const steps = doc.querySelectorAll('g.step-row');
    expect(steps).toHaveLength(6);
    expect([...steps].map((g) => g.getAttribute('data-id'))).toEqual(['declare', 'scope', 'restore', 'verify', 'notify', 'review']);
    for (const g of steps) expect(g.querySelectorAll('rect.plan')).toHaveLength(1);
    expect(doc.querySelectorAll('g.phase-row')).toHaveLength(3);
    // Started steps have an actual bar too: declare, scope, restore (running).
    expect(doc.querySelectorAll('g.step-row rect.actual')).toHaveLength(3);
  });

  it('draws a projected end only once the pace is measured; before, the plan from now, called so', () => {
    const early = computeClock(rb, runAt(rb, T0, [[15, 'step.completed', { stepId: 'declare' }]]), minutesAfter(T0, 20));
    expect(early.projection.enoughData).toBe(false);
    const e = parse(timelineSvg(rb, early));
    expect(e.querySelector('g.projected-line')).toBeNull();
    expect(e.querySelector('g.planned-end-line text')?.textContent).toBe('planned end (pace not measured yet)');
    expect(clock.projection.enoughData).toBe(true);
    expect(doc.querySelector('g.projected-line text')?.textContent).toBe('projected end');
    expect(doc.querySelector('g.planned-end-line')).toBeNull();
  });

  it('marks the RTO and now, and late bars with a hatch, an outline and the word LATE', () => {
    expect(doc.querySelector('g.rto-line text')?.textContent).toBe('RTO 4h');
    expect(doc.querySelector('g.now-line')).not.toBeNull();
    const late = [...doc.querySelectorAll('g.step-row.late')].map((g) => g.getAttribute('data-id'));
    expect(late).toEqual(['declare', 'restore']);
    for (const id of late) {
      const bar = doc.querySelector(`g.step-row[data-id="${id}"] rect.actual`)!;
      expect(bar.getAttribute('stroke')).toBe('#000');
      expect(doc.querySelector(`g.step-row[data-id="${id}"] rect.late-part`)!.getAttribute('fill')).toBe('url(#late-hatch)');
      expect(doc.querySelector(`g.step-row[data-id="${id}"]`)!.textContent).toContain('LATE');
    }
    expect(doc.querySelector('g.step-row[data-id="scope"] rect.late-part')).toBeNull();
    expect(doc.getElementById('late-hatch')?.tagName).toBe('pattern');
  });

  it('escapes text', () => {
    expect(rb.phases[0]!.steps[1]!.title).toBe('Scope if lag < 5s & "ok"');
    expect(svg).toContain('Scope if lag &lt; 5s &amp; &quot;ok&quot;');
    expect(doc.querySelector('g.step-row[data-id="scope"] title')!.textContent).toContain('Scope if lag < 5s & "ok"');
    expect(rb.phases[2]!.title).toContain('<script>');
    expect(doc.querySelectorAll('g.phase-row')[2]!.querySelector('text')!.textContent).toContain('</text><script>');
  });

  it('draws no now line for a finished run, and no RTO line without an RTO', () => {
    const ended = runAt(rb, T0, [[30, 'run.ended', { outcome: 'aborted', reason: 'x' }]]);
    const done = parse(timelineSvg(rb, computeClock(rb, ended, minutesAfter(T0, 90))));
    expect(done.querySelector('g.now-line')).toBeNull();
    const noRto = runbookFrom(SAMPLE.replace('rto: 4h\n', ''));
    const plain = parse(timelineSvg(noRto, computeClock(noRto, runAt(noRto, T0), minutesAfter(T0, 5))));
    expect(plain.querySelector('g.rto-line')).toBeNull();
    expect(plain.querySelectorAll('g.step-row')).toHaveLength(6);
  });
});
