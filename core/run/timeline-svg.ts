// The timeline as one self-contained SVG string (no scripts, no external references, every
// text escaped): the run view shows it as an <img>, the report embeds it. T0 is x = 0; the RTO
// deadline and "now" are vertical lines. Each state of an actual bar has its own colour *and*
// pattern (solid, stripes, grid, dots, diagonals, checks), and the part of a bar past its plan is
// hatched and outlined in black with the word LATE, so a greyscale printout tells them apart.
import { formatDuration } from '../runbook/duration';
import type { Runbook } from '../runbook/model';
import type { RunClock } from './clock-model';
import { timelineLayout, type LaidOutRow, type TimelineOptions } from './timeline-layout';
import type { Span } from './timeline-rows';

export type { TimelineOptions } from './timeline-layout';

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const TICKS = [60_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000];

const n = (v: number) => (Math.round(v * 10) / 10).toString();

/** How an actual bar looks, by what happened to it. */
export type BarStyle = 'done' | 'running' | 'waiting' | 'failed' | 'skipped' | 'overridden' | 'incomplete';

export const BAR_STYLES: Record<BarStyle, { label: string; stroke: string; dash?: string; pattern: string }> = {
  done: { label: 'done', stroke: '#1b5e20', pattern: '<rect width="6" height="6" fill="#2e7d32"/>' },
  running: {
    label: 'running',
    stroke: '#1a56db',
    pattern: '<rect width="6" height="6" fill="#1a56db"/><rect x="3" width="2" height="6" fill="#ffffff"/>',
  },
  waiting: {
    label: 'ready, not started',
    stroke: '#1a56db',
    dash: '2 2',
    pattern: '<rect width="6" height="6" fill="#e8efff"/><rect y="2" width="6" height="1.5" fill="#1a56db"/>',
  },
  failed: {
    label: 'failed',
    stroke: '#7a1612',
    pattern:
      '<rect width="6" height="6" fill="#b3261e"/><rect x="2.5" width="1" height="6" fill="#ffffff"/><rect y="2.5" width="6" height="1" fill="#ffffff"/>',
  },
  skipped: {
    label: 'skipped',
    stroke: '#6b7280',
    dash: '3 2',
    pattern: '<rect width="6" height="6" fill="#ffffff"/><circle cx="3" cy="3" r="1.2" fill="#4b5563"/>',
  },
  overridden: {
    label: 'overridden',
    stroke: '#8a5a00',
    pattern: '<rect width="6" height="6" fill="#f2b84b"/><line x1="0" y1="0" x2="0" y2="6" stroke="#5c3d00" stroke-width="1.5"/>',
  },
  // A phase that ended without every step done (skips, overrides, or the run ended in it):
  // a checkerboard, unlike any step's pattern.
  incomplete: {
    label: 'phase ended, not all done',
    stroke: '#374151',
    dash: '4 1',
    pattern:
      '<rect width="6" height="6" fill="#e5e7eb"/><rect width="3" height="3" fill="#4b5563"/><rect x="3" y="3" width="3" height="3" fill="#4b5563"/>',
  },
};

const PHASE_STYLE: Record<string, BarStyle> = { done: 'done', failed: 'failed', incomplete: 'incomplete' };

export function barStyleOf(row: Pick<LaidOutRow, 'kind' | 'state' | 'open'>): BarStyle {
  if (row.kind === 'phase') return PHASE_STYLE[row.state] ?? 'running';
  if (row.state === 'pending') return 'waiting';
  return row.state in BAR_STYLES ? (row.state as BarStyle) : 'done';
}

function defs(): string {
  const patterns = Object.entries(BAR_STYLES).map(
    ([id, s]) =>
      `<pattern id="bar-${id}" patternUnits="userSpaceOnUse" width="6" height="6"${id === 'overridden' ? ' patternTransform="rotate(-45)"' : ''}>${s.pattern}</pattern>`,
  );
  return (
    '<defs>' +
    patterns.join('') +
    '<pattern id="late-hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">' +
    '<rect width="6" height="6" fill="#ffffff" fill-opacity="0.55"/><line x1="0" y1="0" x2="0" y2="6" stroke="#000" stroke-width="2.5"/></pattern></defs>'
  );
}

export function timelineSvg(runbook: Runbook, clock: RunClock, opts: TimelineOptions = {}): string {
  const layout = timelineLayout(runbook, clock, opts);
  const { width, height, label, rows, top: TOP, bottom } = layout;
  const chart = width - label - 24;
  const t0 = Date.parse(clock.t0);
  const nowOff = Date.parse(clock.now) - t0;
  const projOff = clock.status === 'active' ? Date.parse(clock.projection.projectedEnd) - t0 : undefined;
  const ends = rows.flatMap((r) => [r.plan?.to ?? 0, r.actual?.to ?? 0]);
  const span = Math.max(60_000, clock.rtoMs ?? 0, nowOff, projOff ?? 0, ...ends) * 1.05;
  const x = (ms: number) => label + (Math.max(0, ms) / span) * chart;
  const out: string[] = [];
  const tick = TICKS.find((t) => span / t <= 10) ?? 86_400_000;

  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12">`,
    `<title>${escapeXml(`Timeline: ${runbook.title}`)}</title>`,
    defs(),
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  );
  // Time axis.
  for (let t = 0; t <= span; t += tick) {
    out.push(
      `<line x1="${n(x(t))}" y1="${TOP - 6}" x2="${n(x(t))}" y2="${bottom}" stroke="#e3e3e3"/>`,
      `<text x="${n(x(t))}" y="${TOP - 10}" text-anchor="middle" fill="#555">${t === 0 ? 'T0' : `+${formatDuration(t)}`}</text>`,
    );
  }
  for (const row of rows) out.push(rowSvg(row, label, width, x));
  // Markers over the bars: T0, the RTO deadline, now, the projected end; each label on its own
  // line above the axis, so close markers never print over each other.
  const right = width - 100;
  out.push(`<line class="t0-line" x1="${n(x(0))}" y1="${TOP - 14}" x2="${n(x(0))}" y2="${bottom}" stroke="#222"/>`);
  if (clock.rtoMs !== undefined) {
    const px = x(clock.rtoMs);
    out.push(marker(px, 4, bottom, '#b3261e', `RTO ${formatDuration(clock.rtoMs)}`, 2.5, '8 4', 'rto-line', px > label + 90));
  }
  if (clock.status === 'active') {
    const px = x(nowOff);
    out.push(marker(px, 30, bottom, '#1a56db', 'now', 1.5, '2 2', 'now-line', px > right));
    if (projOff !== undefined && projOff > nowOff) {
      const pp = x(projOff);
      // Too few steps measured for a pace: what is drawn is the plan from now, and says so.
      if (clock.projection.enoughData)
        out.push(marker(pp, 17, bottom, '#6b3fa0', 'projected end', 1.5, '6 3', 'projected-line', pp > right));
      else out.push(marker(pp, 17, bottom, '#6b7280', 'planned end (pace not measured yet)', 1.5, '1 3', 'planned-end-line', pp > right));
    }
  }
  out.push(legend(bottom + 22));
  out.push('</svg>');
  return out.join('\n');
}

function rowSvg(row: LaidOutRow, label: number, width: number, x: (ms: number) => number): string {
  const { y, h } = row;
  const phase = row.kind === 'phase';
  const style = barStyleOf(row);
  const state = row.late ? `${row.state}, late` : row.state;
  const parts = [
    `<g class="${row.kind}-row bar-${style}${row.late ? ' late' : ''}" data-id="${escapeXml(row.id)}" data-state="${escapeXml(row.state)}">`,
    `<title>${escapeXml(`${row.title} (${state})${row.plan ? `: planned ${formatDuration(row.plan.to - row.plan.from)}` : ''}${row.actual ? `, actual ${formatDuration(row.actual.to - row.actual.from)}` : ''}`)}</title>`,
  ];
  if (phase) parts.push(`<rect x="0" y="${y}" width="${width}" height="${h}" fill="#f3f4f6"/>`);
  const first = y + h / 2 + 4 - ((row.lines.length - 1) * 13) / 2;
  const tspans = row.lines.map((line, i) => `<tspan x="${row.indent}" y="${n(first + i * 13)}">${escapeXml(line)}</tspan>`).join('');
  parts.push(`<text class="label"${phase ? ' font-weight="600"' : ''} fill="#111">${tspans}${row.late ? ' ⚠' : ''}</text>`);
  const barH = phase ? 16 : 12;
  const top = y + (h - barH) / 2;
  if (row.plan) parts.push(bar(row.plan, top, barH, x, 'plan', 'fill="#dbe4f0" stroke="#5b6b82" stroke-dasharray="3 2"'));
  if (row.actual) {
    const inner = { y: top + 2, h: barH - 4 };
    const s = BAR_STYLES[style];
    const outline = row.late ? 'stroke="#000" stroke-width="1.5"' : `stroke="${s.stroke}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}`;
    parts.push(bar(row.actual, inner.y, inner.h, x, `actual ${style}`, `fill="url(#bar-${style})" ${outline}`));
    if (row.late) {
      // Hatch the part past the plan (all of it when there was no plan to measure against).
      const planned = row.plan ? row.plan.to - row.plan.from : 0;
      const from = Math.min(row.actual.to, row.actual.from + planned);
      parts.push(
        bar({ from, to: row.actual.to }, inner.y, inner.h, x, 'late-part', 'fill="url(#late-hatch)" stroke="#000" stroke-width="1.5"'),
      );
    }
    // In words too: a failure that took a second is a sliver on an hours-long axis.
    const words = [...(style === 'failed' ? ['FAILED'] : []), ...(row.late ? ['LATE'] : [])].join(', ');
    if (words)
      parts.push(
        `<text class="bar-words" x="${n(x(row.actual.to) + 4)}" y="${top + barH - 2}" font-size="10" font-weight="700" fill="${style === 'failed' ? '#b3261e' : '#000'}">${words}</text>`,
      );
  }
  parts.push('</g>');
  return parts.join('');
}

function bar(s: Span, y: number, h: number, x: (ms: number) => number, cls: string, style: string): string {
  const w = Math.max(2, x(s.to) - x(s.from));
  return `<rect class="${cls}" x="${n(x(s.from))}" y="${n(y)}" width="${n(w)}" height="${n(h)}" ${style}/>`;
}

/** A labelled vertical line; the label sits left of the line when `left` (near the right edge). */
function marker(
  px: number,
  top: number,
  bottom: number,
  colour: string,
  text: string,
  w: number,
  dash: string,
  cls: string,
  left: boolean,
): string {
  const tx = left ? `x="${n(px - 4)}" text-anchor="end"` : `x="${n(px + 4)}"`;
  return (
    `<g class="${cls}"><line x1="${n(px)}" y1="${top}" x2="${n(px)}" y2="${bottom}" stroke="${colour}" stroke-width="${w}"${dash ? ` stroke-dasharray="${dash}"` : ''}/>` +
    `<text ${tx} y="${top + 10}" fill="${colour}" font-weight="600">${escapeXml(text)}</text></g>`
  );
}

function legend(y: number): string {
  const items: { swatch: string; text: string }[] = [
    { swatch: 'fill="#dbe4f0" stroke="#5b6b82" stroke-dasharray="3 2"', text: 'planned (budget / estimate)' },
    ...Object.entries(BAR_STYLES).map(([id, s]) => ({
      swatch: `fill="url(#bar-${id})" stroke="${s.stroke}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}`,
      text: s.label,
    })),
    { swatch: 'fill="url(#late-hatch)" stroke="#000" stroke-width="1.5"', text: 'late (hatched, LATE)' },
  ];
  const out = ['<g class="legend" font-size="11">'];
  items.forEach((item, i) => {
    const col = i % 4;
    const lx = 8 + col * 220;
    const ly = y + Math.floor(i / 4) * 18;
    out.push(
      `<rect x="${lx}" y="${ly - 9}" width="24" height="10" ${item.swatch}/><text x="${lx + 30}" y="${ly}">${escapeXml(item.text)}</text>`,
    );
  });
  out.push('</g>');
  return out.join('');
}
