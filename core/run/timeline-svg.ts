// The timeline as one self-contained SVG string (no scripts, no external references, every
// text escaped): the run view shows it as an <img>, the report embeds it. T0 is x = 0; the RTO
// deadline and "now" are vertical lines. Late bars are hatched and outlined in black, so they
// stay distinguishable on a black-and-white printout, not by colour alone.
import { formatDuration } from '../runbook/duration';
import type { Runbook } from '../runbook/model';
import type { RunClock } from './clock-model';
import { timelineRows, type Span, type TimelineRow } from './timeline-rows';

export interface TimelineOptions {
  /** Total width in px (default 960). */
  width?: number;
  /** Width of the label column in px (default 280). */
  labelWidth?: number;
}

const ROW = 22;
const PHASE_ROW = 28;
const TOP = 64;
const CHAR = 6.6; // average width of a 12px sans-serif character, for truncating labels

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const TICKS = [60_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000];

function truncate(text: string, px: number): string {
  const max = Math.max(4, Math.floor(px / CHAR));
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const n = (v: number) => (Math.round(v * 10) / 10).toString();

export function timelineSvg(runbook: Runbook, clock: RunClock, opts: TimelineOptions = {}): string {
  const width = opts.width ?? 960;
  const label = opts.labelWidth ?? 280;
  const chart = width - label - 24;
  const rows = timelineRows(runbook, clock);
  const t0 = Date.parse(clock.t0);
  const nowOff = Date.parse(clock.now) - t0;
  const projOff = clock.status === 'active' ? Date.parse(clock.projection.projectedEnd) - t0 : undefined;
  const ends = rows.flatMap((r) => [r.plan?.to ?? 0, r.actual?.to ?? 0]);
  const span = Math.max(60_000, clock.rtoMs ?? 0, nowOff, projOff ?? 0, ...ends) * 1.05;
  const x = (ms: number) => label + (Math.max(0, ms) / span) * chart;
  const heights = rows.map((r) => (r.kind === 'phase' ? PHASE_ROW : ROW));
  const height = TOP + heights.reduce((a, b) => a + b, 0) + 56;
  const out: string[] = [];
  const tick = TICKS.find((t) => span / t <= 10) ?? 86_400_000;

  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12">`,
    `<title>${escapeXml(`Timeline: ${runbook.title}`)}</title>`,
    '<defs><pattern id="late-hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">' +
      '<rect width="6" height="6" fill="#f6c9c4"/><line x1="0" y1="0" x2="0" y2="6" stroke="#8c1d18" stroke-width="3"/></pattern></defs>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  );
  // Time axis.
  for (let t = 0; t <= span; t += tick) {
    out.push(
      `<line x1="${n(x(t))}" y1="${TOP - 6}" x2="${n(x(t))}" y2="${height - 50}" stroke="#e3e3e3"/>`,
      `<text x="${n(x(t))}" y="${TOP - 10}" text-anchor="middle" fill="#555">${t === 0 ? 'T0' : `+${formatDuration(t)}`}</text>`,
    );
  }
  let y = TOP;
  rows.forEach((row, i) => {
    out.push(rowSvg(row, y, heights[i]!, label, width, x));
    y += heights[i]!;
  });
  const bottom = y;
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
      out.push(marker(pp, 17, bottom, '#6b3fa0', 'projected end', 1.5, '6 3', 'projected-line', pp > right));
    }
  }
  out.push(legend(label, bottom + 22));
  out.push('</svg>');
  return out.join('\n');
}

function rowSvg(row: TimelineRow, y: number, h: number, label: number, width: number, x: (ms: number) => number): string {
  const phase = row.kind === 'phase';
  const indent = phase ? 8 : 22;
  const state = row.late ? `${row.state}, late` : row.state;
  const parts = [
    `<g class="${row.kind}-row${row.late ? ' late' : ''}" data-id="${escapeXml(row.id)}">`,
    `<title>${escapeXml(`${row.title} (${state})${row.plan ? `: planned ${formatDuration(row.plan.to - row.plan.from)}` : ''}${row.actual ? `, actual ${formatDuration(row.actual.to - row.actual.from)}` : ''}`)}</title>`,
  ];
  if (phase) parts.push(`<rect x="0" y="${y}" width="${width}" height="${h}" fill="#f3f4f6"/>`);
  parts.push(
    `<text x="${indent}" y="${y + h / 2 + 4}" fill="#111"${phase ? ' font-weight="600"' : ''}>${escapeXml(truncate(row.title, label - indent - 8))}${row.late ? ' ⚠' : ''}</text>`,
  );
  const barH = phase ? 16 : 12;
  const top = y + (h - barH) / 2;
  if (row.plan) parts.push(bar(row.plan, top, barH, x, 'plan', 'fill="#dbe4f0" stroke="#5b6b82" stroke-dasharray="3 2"'));
  if (row.actual) {
    const inner = { y: top + 3, h: barH - 6 };
    const style = row.late ? 'fill="url(#late-hatch)" stroke="#000" stroke-width="1.5"' : 'fill="#2f4f6f" stroke="#2f4f6f"';
    parts.push(bar(row.actual, inner.y, inner.h, x, 'actual', style));
    if (row.late)
      parts.push(`<text x="${n(x(row.actual.to) + 4)}" y="${top + barH - 2}" font-size="10" font-weight="700" fill="#000">LATE</text>`);
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

function legend(x0: number, y: number): string {
  return [
    `<g class="legend" font-size="11">`,
    `<rect x="${x0}" y="${y - 9}" width="24" height="10" fill="#dbe4f0" stroke="#5b6b82" stroke-dasharray="3 2"/><text x="${x0 + 30}" y="${y}">planned (budget / estimate)</text>`,
    `<rect x="${x0 + 200}" y="${y - 9}" width="24" height="10" fill="#2f4f6f"/><text x="${x0 + 230}" y="${y}">actual</text>`,
    `<rect x="${x0 + 290}" y="${y - 9}" width="24" height="10" fill="url(#late-hatch)" stroke="#000" stroke-width="1.5"/><text x="${x0 + 320}" y="${y}">late (hatched)</text>`,
    `</g>`,
  ].join('');
}
