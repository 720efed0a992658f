// Shared by the benchmarks: percentiles and aligned plain-text tables (numbers are printed,
// never asserted).
export function pct(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export function fmtMs(ms: number): string {
  if (ms < 0) return `-${fmtMs(-ms)}`;
  return ms < 1
    ? `${(ms * 1000).toFixed(0)} µs`
    : ms < 10
      ? `${ms.toFixed(2)} ms`
      : ms < 1000
        ? `${ms.toFixed(1)} ms`
        : `${(ms / 1000).toFixed(2)} s`;
}

export function printTable(title: string, head: string[], rows: string[][]): void {
  const all = [head, ...rows];
  const w = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  // First column left-aligned (labels), numbers right-aligned.
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ');
  console.log(`\n${title}`);
  console.log(line(head));
  console.log(w.map((n) => '-'.repeat(n)).join('  '));
  for (const r of rows) console.log(line(r));
}

/**
 * Wall time and this process's CPU since start(): with the server in another process (s3rver),
 * the CPU is the client's own cost.
 */
export function clientTimer(): { start: () => number; ms: (t: number) => string } {
  let cpu = process.cpuUsage();
  return {
    start: () => ((cpu = process.cpuUsage()), performance.now()),
    ms: (t) => {
      const c = process.cpuUsage(cpu);
      cpu = process.cpuUsage();
      return `${(performance.now() - t).toFixed(0)} ms (client CPU ${((c.user + c.system) / 1000).toFixed(0)} ms)`;
    },
  };
}
