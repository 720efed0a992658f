// Entry point of the `drillbook` command (bundled to dist/cli.mjs; run from source via tsx).
// The exit code is set, not forced, so stdout (lint's report) is flushed before Node exits.
import { takeEngineSecrets } from '../core/engine-secrets';
import { runCli } from './commands';
import { processIo } from './io';

// Before anything can start a child process: passphrases leave process.env for memory.
takeEngineSecrets();

process.exitCode = await runCli(process.argv.slice(2), processIo);
