// Whether a process recorded by pid is still the one that was recorded. `kill(pid, 0)` is not
// enough: a killed process that its parent has not reaped yet (a zombie) still answers, and after
// it is reaped the pid may be given to an unrelated process. Linux /proc tells both apart.
import { readFileSync } from 'node:fs';

/**
 * When the process started (clock ticks since boot, field 22 of /proc/<pid>/stat), or undefined
 * when there is no such process or it has ended (a zombie).
 */
export function processStart(pid: number): string | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces or ')': fields follow the last one.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (rest[0] === 'Z' || rest[0] === 'X') return undefined;
  return rest[19];
}

/** The recorded process still runs: same pid, same start time (when one was recorded), not a zombie. */
export function stillRunning(pid: number, start: string | undefined): boolean {
  const now = processStart(pid);
  return now !== undefined && (start === undefined || now === start);
}
