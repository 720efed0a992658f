// The trend of a runbook as one self-contained SVG string, in the timeline's style
// (core/run/timeline-svg.ts): one column per ended run, oldest left, stacked by phase time; a
// diamond marks the achieved recovery time; the RTO is a dashed red line. A run that did not
// recover is hatched and outlined, so it reads on a black-and-white printout too, and has no
// diamond (its time is no recovery time): a ✗ marks where it ended. No Node imports.
import { rtoCellText } from '../run/rto-claim';
import { escapeXml } from '../run/timeline-svg';
import { formatDuration } from '../runbook/duration';
import { slowestCounted, type Trend } from './trend';

const TOP = 48;
const PLOT_H = 220;
const LEFT = 64;
const PALETTE = ['#2f4f6f', '#5b8db8', '#8fb3d9', '#c4d7ea', '#6b7f99', '#a9b8c9'];
const TICKS = [60_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000];
const n = (v: number) => (Math.round(v * 10) / 10).toString();

export function trendSvg(trend: Trend, title: string, opts: { width?: number } = {}): string {
  const width = opts.width ?? 960;
  const pts = trend.points;
  const legendRows = Math.ceil(trend.phases.length / 4) + 1;
  const height = TOP + PLOT_H + 40 + legendRows * 18 + 12;
  const tallest = Math.max(
    60_000,
    trend.rtoMs ?? 0,
    ...pts.map((p) =>
      Math.max(
        p.achievedMs,
        p.rtoMs ?? 0,
        p.phaseMs.reduce((a, b) => a + b, 0),
      ),
    ),
  );
  const span = tallest * 1.1;
  const y = (ms: number) => TOP + PLOT_H - (Math.max(0, ms) / span) * PLOT_H;
  const col = (width - LEFT - 24) / Math.max(1, pts.length);
  const barW = Math.min(48, col * 0.6);
  const cx = (i: number) => LEFT + col * i + col / 2;
  const tick = TICKS.find((t) => span / t <= 6) ?? 86_400_000;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12">`,
    `<title>${escapeXml(`Trend: ${title}`)}</title>`,
    '<defs><pattern id="fail-hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">' +
      '<rect width="6" height="6" fill="#f6c9c4"/><line x1="0" y1="0" x2="0" y2="6" stroke="#8c1d18" stroke-width="3"/></pattern></defs>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  for (let t = 0; t <= span; t += tick)
    out.push(
      `<line x1="${LEFT}" y1="${n(y(t))}" x2="${width - 16}" y2="${n(y(t))}" stroke="#e3e3e3"/>`,
      `<text x="${LEFT - 6}" y="${n(y(t) + 4)}" text-anchor="end" fill="#555">${t === 0 ? '0' : formatDuration(t)}</text>`,
    );
  if (pts.length === 0) out.push(`<text x="${LEFT + 8}" y="${TOP + PLOT_H / 2}" fill="#555">No ended runs yet: nothing to draw.</text>`);
  pts.forEach((p, i) => {
    const x0 = cx(i) - barW / 2;
    const label = `${p.t0.slice(0, 10)} ${p.mode}: ${p.recovered ? 'recovered in ' : ''}${rtoCellText(p.rtoClaim, p.achievedMs, p.rtoMs)}`;
    out.push(
      `<g class="run-col${p.recovered ? '' : ' not-recovered'}" data-run="${escapeXml(p.runId)}"><title>${escapeXml(label)}</title>`,
    );
    let base = 0;
    p.phaseMs.forEach((ms, k) => {
      if (ms <= 0) return;
      const top = y(base + ms);
      const style = p.recovered ? `fill="${PALETTE[k % PALETTE.length]}"` : 'fill="url(#fail-hatch)" stroke="#000" stroke-width="1"';
      out.push(
        `<rect class="phase" data-phase="${escapeXml(trend.phases[k]!.id)}" x="${n(x0)}" y="${n(top)}" width="${n(barW)}" height="${n(y(base) - top)}" ${style}/>`,
      );
      base += ms;
    });
    const ay = y(p.achievedMs);
    out.push(
      p.recovered
        ? `<path class="achieved" d="M${n(cx(i))} ${n(ay - 6)} l6 6 l-6 6 l-6 -6 z" fill="#111"/>`
        : `<text class="ended" x="${n(cx(i))}" y="${n(ay - 3)}" text-anchor="middle" fill="#8c1d18" font-weight="700">✗</text>`,
      `<text x="${n(cx(i))}" y="${TOP + PLOT_H + 16}" text-anchor="middle" fill="#333" font-size="11">${escapeXml(p.t0.slice(5, 10))}${p.mode === 'incident' ? ' inc' : ''}</text>`,
      '</g>',
    );
  });
  // The RTO each run was held to, as a step line (a new version may change it).
  const rto = pts
    .map((p, i) =>
      p.rtoMs === undefined
        ? ''
        : `M${n(i === 0 ? LEFT : cx(i) - col / 2)} ${n(y(p.rtoMs))} H${n(i === pts.length - 1 ? width - 16 : cx(i) + col / 2)}`,
    )
    .join(' ');
  if (rto.trim())
    out.push(
      `<g class="rto-line"><path d="${rto}" stroke="#b3261e" stroke-width="2.5" stroke-dasharray="8 4" fill="none"/>` +
        `<text x="${width - 18}" y="${n(y(trend.rtoMs ?? pts.at(-1)!.rtoMs!) - 6)}" text-anchor="end" fill="#b3261e" font-weight="600">RTO ${formatDuration(trend.rtoMs ?? pts.at(-1)!.rtoMs!)}</text></g>`,
    );
  let ly = TOP + PLOT_H + 40;
  const slow = trend.slowestPhase;
  out.push(`<g class="legend" font-size="11">`);
  trend.phases.forEach((ph, k) => {
    const lx = LEFT + (k % 4) * 210;
    if (k > 0 && k % 4 === 0) ly += 18;
    const name = `${ph.title}${slow?.id === ph.id ? ' (slowest)' : ''}`;
    out.push(
      `<rect x="${lx}" y="${ly - 9}" width="16" height="10" fill="${PALETTE[k % PALETTE.length]}"/><text x="${lx + 22}" y="${ly}"${slow?.id === ph.id ? ' font-weight="700"' : ''}>${escapeXml(name)}</text>`,
    );
  });
  ly += 18;
  out.push(
    `<path d="M${LEFT + 8} ${ly - 10} l6 6 l-6 6 l-6 -6 z" fill="#111"/><text x="${LEFT + 22}" y="${ly}">achieved recovery time</text>`,
    `<rect x="${LEFT + 190}" y="${ly - 9}" width="16" height="10" fill="url(#fail-hatch)" stroke="#000"/><text x="${LEFT + 212}" y="${ly}">did not recover (✗ where it ended)</text>`,
    `<line x1="${LEFT + 420}" y1="${ly - 4}" x2="${LEFT + 450}" y2="${ly - 4}" stroke="#b3261e" stroke-width="2.5" stroke-dasharray="8 4"/><text x="${LEFT + 456}" y="${ly}">RTO</text>`,
    '</g>',
  );
  if (slow)
    out.push(
      `<text class="slowest" x="${LEFT}" y="${TOP - 18}" fill="#111" font-weight="600">${escapeXml(`Slowest phase: ${slow.title}, mean ${formatDuration(slow.meanMs)}${slow.budgetMs !== undefined ? ` against a budget of ${formatDuration(slow.budgetMs)}` : ''}; late in ${slow.lateRuns} of ${slow.runs} run${slow.runs === 1 ? '' : 's'} (${slowestCounted(slow)})`)}</text>`,
    );
  out.push('</svg>');
  return out.join('\n');
}
