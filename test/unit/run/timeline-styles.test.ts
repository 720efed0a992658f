// @vitest-environment jsdom
// Each state of a bar has its own pattern (so greyscale print tells them apart), and long step
// names wrap instead of being cut or running into the chart.
import { describe, expect, it } from 'vitest';
import { computeClock } from '../../../core/run/clock';
import { timelineLayout } from '../../../core/run/timeline-layout';
import { timelineSvg } from '../../../core/run/timeline-svg';
import { minutesAfter, runAt, runbookFrom, SAMPLE } from './clock-helpers';

const T0 = '2026-11-23T10:00:00.000Z';
const LONG = 'Restore the full backup of the orders database from the nightly snapshot onto the standby cluster and check it';

describe('timeline bar styles', () => {
  const rb = runbookFrom(SAMPLE.replace('Restore the backup', LONG));
  const state = runAt(rb, T0, [
    [5, 'step.completed', { stepId: 'declare' }],
    [8, 'step.skipped', { stepId: 'scope', reason: 'known scope' }],
    [10, 'step.started', { stepId: 'restore', attempt: 1, hosts: [] }],
    [20, 'step.finished', { stepId: 'restore', attempt: 1, outcome: 'failed' }],
    [22, 'step.overridden', { stepId: 'restore', kind: 'accepted-failure', reason: 'partial restore is enough' }],
    [25, 'step.started', { stepId: 'verify', attempt: 1, hosts: [] }],
  ]);
  const clock = computeClock(rb, state, minutesAfter(T0, 40));
  const doc = new DOMParser().parseFromString(timelineSvg(rb, clock), 'image/svg+xml');
  const fill = (id: string) => doc.querySelector(`g.step-row[data-id="${id}"] rect.actual`)?.getAttribute('fill');

  it('gives done, skipped, overridden and running bars different patterns, each defined', () => {
    const fills = { declare: fill('declare'), scope: fill('scope'), restore: fill('restore'), verify: fill('verify') };
    expect(fills).toEqual({
      declare: 'url(#bar-done)',
      scope: 'url(#bar-skipped)',
      restore: 'url(#bar-overridden)',
      verify: 'url(#bar-running)',
    });
    for (const f of Object.values(fills)) {
      const pattern = doc.getElementById(f!.slice(5, -1))!;
      expect(pattern.tagName).toBe('pattern');
      // More than a flat colour, except done (solid), so greyscale still separates them.
      if (f !== 'url(#bar-done)') expect(pattern.children.length).toBeGreaterThan(1);
    }
    expect(doc.querySelectorAll('g.legend rect')).toHaveLength(9);
  });

  it('a failed attempt still shown as failed until something else closes the step', () => {
    const failed = runAt(rb, T0, [
      [10, 'step.started', { stepId: 'declare', attempt: 1, hosts: [] }],
      [12, 'step.finished', { stepId: 'declare', attempt: 1, outcome: 'failed' }],
    ]);
    const d = new DOMParser().parseFromString(timelineSvg(rb, computeClock(rb, failed, minutesAfter(T0, 15))), 'image/svg+xml');
    expect(d.querySelector('g.step-row[data-id="declare"] rect.actual')?.getAttribute('fill')).toBe('url(#bar-failed)');
  });

  it('says FAILED in words beside a failure too short to see on the axis', () => {
    const quick = runAt(rb, T0, [
      [10, 'step.started', { stepId: 'declare', attempt: 1, hosts: [] }],
      [10 + 0.5 / 60, 'step.finished', { stepId: 'declare', attempt: 1, outcome: 'failed' }],
    ]);
    const d = new DOMParser().parseFromString(timelineSvg(rb, computeClock(rb, quick, minutesAfter(T0, 15))), 'image/svg+xml');
    const row = d.querySelector('g.step-row[data-id="declare"]')!;
    expect(Number(row.querySelector('rect.actual')!.getAttribute('width'))).toBeLessThan(3);
    expect(row.querySelector('text.bar-words')?.textContent).toBe('FAILED');
    expect(d.querySelector('g.step-row[data-id="scope"] text.bar-words')).toBeNull();
  });

  it('wraps a long step name onto two lines in a wider label column instead of cutting it', () => {
    const layout = timelineLayout(rb, clock);
    const row = layout.rows.find((r) => r.id === 'restore')!;
    expect(row.lines).toHaveLength(2);
    expect(row.lines.join(' ').replace('…', '')).toBe(LONG.slice(0, row.lines.join(' ').replace('…', '').length));
    expect(layout.label).toBeGreaterThan(280);
    const text = doc.querySelector('g.step-row[data-id="restore"] text.label')!;
    expect(text.querySelectorAll('tspan')).toHaveLength(2);
    // Rows never overlap: each starts where the previous ended.
    layout.rows.forEach((r, i) => i > 0 && expect(r.y).toBe(layout.rows[i - 1]!.y + layout.rows[i - 1]!.h));
  });
});
