// Run one thing on many hosts, at most `limit` at a time, results in the hosts' order. One host
// failing never stops the others: every host ends with a value or an error.

export type HostOutcome<T> = { host: string; ok: true; value: T } | { host: string; ok: false; error: unknown };

export async function runOnHosts<T>(
  hosts: readonly string[],
  limit: number,
  fn: (host: string, index: number) => Promise<T>,
  /** Once aborted, hosts not yet started are not started (they end with an error). */
  signal?: AbortSignal,
): Promise<HostOutcome<T>[]> {
  const out = new Array<HostOutcome<T>>(hosts.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < hosts.length; i = next++) {
      const host = hosts[i]!;
      if (signal?.aborted) {
        out[i] = { host, ok: false, error: new Error('cancelled before it started') };
        continue;
      }
      try {
        out[i] = { host, ok: true, value: await fn(host, i) };
      } catch (error) {
        out[i] = { host, ok: false, error };
      }
    }
  };
  const n = Math.max(1, Math.min(Math.floor(limit) || 1, hosts.length));
  await Promise.all(Array.from({ length: n }, worker));
  return out;
}
