// A text sparkline of achieved recovery times, scaled to the largest time or the RTO, whichever
// is higher, so a bar at full height means "at or past the RTO" only when it is.
const BARS = '▁▂▃▄▅▆▇█';

export function sparkline(values: number[], ceiling?: number): string {
  const top = Math.max(ceiling ?? 0, ...values);
  if (!(top > 0)) return BARS[0]!.repeat(values.length);
  return values.map((v) => BARS[Math.min(BARS.length - 1, Math.max(0, Math.ceil((v / top) * BARS.length) - 1))]!).join('');
}

/** A run that ended without recovering, in a recovery sparkline: its time is not a recovery time. */
export const NOT_RECOVERED = '✗';

/**
 * One mark per ended run, oldest first: a bar for a run that recovered (scaled over those runs
 * and the RTO), NOT_RECOVERED for one that did not, so no aborted run's short time looks fast.
 */
export function recoverySparkline(points: readonly { recovered: boolean; achievedMs: number }[], rtoMs?: number): string {
  const bars = [
    ...sparkline(
      points.filter((p) => p.recovered).map((p) => p.achievedMs),
      rtoMs,
    ),
  ];
  return points.map((p) => (p.recovered ? bars.shift()! : NOT_RECOVERED)).join('');
}
