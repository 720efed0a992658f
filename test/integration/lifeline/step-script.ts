// A command step that logs what each attempt does to LOG, so a test can tell whether an attempt
// kept running after its engine was killed: `start N`, on SIGTERM `stopping N` then (half a
// second of cleanup later) `stopped N`, and `end N` plus a marker file only if it ran to the end.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function lifelineRunbook(work: string, { ignoreTerm = false, firstSleep = 3 } = {}): string {
  const log = path.join(work, 'log');
  const onTerm = ignoreTerm
    ? `trap '' TERM`
    : `trap 'echo "stopping $DRILLBOOK_ATTEMPT" >> "${log}"; sleep 0.5; echo "stopped $DRILLBOOK_ATTEMPT" >> "${log}"; exit 143' TERM`;
  return `---
id: lifeline
title: Lifeline drill
version: 1.0.0
rto: 1h
---

# Restore {budget=10m}

## Slow restore {id=slow}

\`\`\`bash {host=local timeout=60s}
${onTerm}
echo "start $DRILLBOOK_ATTEMPT" >> "${log}"
if [ "$DRILLBOOK_ATTEMPT" = 1 ]; then sleep ${firstSleep} & wait $!; fi
echo "end $DRILLBOOK_ATTEMPT" >> "${log}"
touch "${work}/marker-$DRILLBOOK_ATTEMPT"
\`\`\`

## Tell the team {id=tell}

Post the result in the channel.
`;
}

export const logLines = (work: string): string[] => {
  const file = path.join(work, 'log');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
};

export async function until(what: string, cond: () => boolean, ms = 20_000): Promise<void> {
  for (const end = Date.now() + ms; !cond();) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
