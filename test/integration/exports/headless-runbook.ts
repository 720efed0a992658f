// A runbook for real headless runs of the exports tests: a manual step, a command whose output
// holds what XML and the exposition format must escape, a step that fails with exit 3 (tolerated
// or not), and a phase title with a quote, a backslash and markup.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function headlessRunbook(dir: string, o: { tolerate: boolean }): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'nightly.md');
  writeFileSync(
    file,
    `---
id: nightly-restore
title: Nightly restore
version: 1.2.0
rto: 1h
---

# Prepare {budget=10m}

- [ ] Announce the test {id=announce}

## Write the marker {id=write estimate=1m}

\`\`\`bash {host=local}
printf 'colour \\033[31mred\\033[0m & <tag> "q"\\n'
\`\`\`

# Verify "it" \\ works {budget=20m}

## Check the restore {id=check ${o.tolerate ? 'continue-on-failure' : ''}}

\`\`\`bash {host=local}
echo "rows: 41 of 42"; echo "checksum mismatch in table orders" >&2; exit 3
\`\`\`

## Close {id=close}

\`\`\`bash {host=local}
echo closed
\`\`\`
`,
  );
  return file;
}
