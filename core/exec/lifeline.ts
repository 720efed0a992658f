// A local command must not outlive the engine that started it: a step left running by a killed
// engine would collide with the attempt a resume starts. The shell is started with a lifeline on
// fd 3, a pipe whose other end only the engine holds. A watcher forked before the script starts
// blocks reading it. The engine writes `done` once the command has ended (the watcher leaves,
// and background children the script started on purpose keep running); end-of-file without
// `done` means the engine is gone: the watcher SIGTERMs the command's process group, waits for
// the script's shell to end (up to the grace), then SIGKILLs the group, itself included.
//
// fd 4, when given, is held by the watcher alone (the run's lock): while an attempt may still
// run, no other process can take the run. The script itself gets neither fd, and stdin stays
// /dev/null. The wrapper `exec`s the script's shell, so the pid Node sees, its exit code and its
// signal are the script's own, exactly as with `SHELL -c SCRIPT`.
//
// The watcher reads /proc/<pid>/stat (Linux): a shell that has exited but is not reaped yet (a
// zombie, its parent engine being gone) counts as ended. Written for POSIX sh and bash alike.
const WATCHER = [
  '{ read -r x <&3; [ "$x" = done ] && exit 0;',
  'trap "" TERM; kill -TERM 0;',
  'i=0; while [ "$i" -lt "$2" ] && read -r _ _ s _ </proc/$$/stat && [ "$s" != Z ]; do sleep 0.1; i=$((i+1)); done;',
  'kill -KILL 0; } </dev/null >/dev/null 2>&1 &',
].join(' ');
const WRAPPER = `${WATCHER} exec 3<&- 4<&-; exec "$0" -c "$1"`;

export const LIFELINE_FD = 3;
export const HELD_FD = 4;
/** What the engine writes on the lifeline when the command has ended normally. */
export const LIFELINE_DONE = 'done\n';

/** Arguments for `spawn(shell, ...)`: `-c WRAPPER shell script ticks` (one tick: 100 ms of grace). */
export function lifelineArgs(shell: string, script: string, graceMs: number): string[] {
  return ['-c', WRAPPER, shell, script, String(Math.max(1, Math.ceil(graceMs / 100)))];
}
