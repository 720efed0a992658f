// A text sparkline of achieved recovery times, scaled to the largest time or the RTO, whichever
// is higher, so a bar at full height means "at or past the RTO" only when it is.
const BARS = '▁▂▃▄▅▆▇█';

export function sparkline(values: number[], ceiling?: number): string {
  const top = Math.max(ceiling ?? 0, ...values);
  if (!(top > 0)) return BARS[0]!.repeat(values.length);
  return values.map((v) => BARS[Math.min(BARS.length - 1, Math.max(0, Math.ceil((v / top) * BARS.length) - 1))]!).join('');
}
