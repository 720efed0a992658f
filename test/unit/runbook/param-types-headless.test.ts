// `drillbook run --headless --param` checks values with the same function as the start form:
// a real CLI process refuses a value its declaration does not take, before any run folder exists.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli, drillbook, removeCli } from '../../integration/headless/cli';

let cli: string;
let tmp: string;
beforeAll(async () => {
  cli = await bundleCli();
  tmp = mkdtempSync(path.join(tmpdir(), 'drillbook-param-types-'));
}, 120_000);
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  removeCli(cli);
});

const file = () => {
  const f = path.join(tmp, 'typed.md');
  writeFileSync(
    f,
    `---
id: typed
title: Typed parameters
version: 1.0.0
params:
  port: { type: integer, required: true }
  window: { type: duration, default: 5m }
  at: { type: timestamp, default: "2026-03-01T14:30:00Z" }
  status: { type: url, default: "https://status.example.com" }
  host: { type: hostname, default: db-1.example.com }
  ticket: { pattern: "INC-[0-9]+", default: INC-1 }
---

# Go

## Write the values {id=write}

\`\`\`bash {host=local}
printf '%s ' {{port}} {{window}} {{at}} {{status}} {{host}} {{ticket}} > "${tmp}/values"
\`\`\`
`,
  );
  return f;
};

let n = 0;
const run = (...params: string[]) =>
  drillbook(cli, ['run', file(), '--headless', '--out', path.join(tmp, `out-${++n}`), ...params.flatMap((p) => ['--param', p])]);

describe('drillbook run --headless --param with typed parameters', () => {
  const refused: [string, RegExp][] = [
    ['port=80a', /parameter "port" expects a whole number such as 5432 or -1 \(got "80a"\)/],
    ['window=5 minutes', /parameter "window" expects a duration like 30s.* \(got "5 minutes"\)/],
    ['at=2026-03-01T14:30:00', /parameter "at" expects a timestamp with a UTC offset .* \(got "2026-03-01T14:30:00"\)/],
    ['status=status.example.com', /parameter "status" expects a URL with a scheme .* \(got "status.example.com"\)/],
    ['host=db_1', /parameter "host" expects a hostname .* \(got "db_1"\)/],
    ['ticket=see INC-42', /parameter "ticket" must match the pattern INC-\[0-9\]\+ \(got "see INC-42"\)/],
  ];
  for (const [param, message] of refused) {
    it(`refuses ${param}`, { timeout: 60_000 }, async () => {
      const r = await run(param.startsWith('port=') ? param : 'port=5432', param);
      expect(r.stderr).toMatch(message);
      expect(r.code).toBe(2);
      expect(existsSync(path.join(tmp, `out-${n}`, 'journal.jsonl'))).toBe(false);
    });
  }

  it('accepts a value of each type and runs with them', { timeout: 60_000 }, async () => {
    const r = await run(
      'port=5432',
      'window=1h30m',
      'at=2026-03-01T14:30:00+01:00',
      'status=http://10.0.0.5:8080/x',
      'host=web-2',
      'ticket=INC-42',
    );
    expect(r.stderr).not.toMatch(/parameter "/);
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(tmp, 'values'), 'utf8')).toBe(
      '5432 1h30m 2026-03-01T14:30:00+01:00 http://10.0.0.5:8080/x web-2 INC-42 ',
    );
  });
});
