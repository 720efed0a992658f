// Run as its own process by run-lock.test.ts: takes the run lock of argv[2] with the real
// lockRun, says `locked <pid>` on stdout, then holds it until killed.
import { lockRun } from '../../../core/run/run-lock';

await lockRun(process.argv[2]!, { waitMs: 0 });
process.stdout.write(`locked ${process.pid}\n`);
setInterval(() => undefined, 60_000);
