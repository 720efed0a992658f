// Entry point of the `drillbook` command (bundled to dist/cli.mjs; run from source via tsx).
// The exit code is set, not forced, so stdout (lint's report) is flushed before Node exits.
import { runCli } from './commands';
import { processIo } from './io';

process.exitCode = await runCli(process.argv.slice(2), processIo);
