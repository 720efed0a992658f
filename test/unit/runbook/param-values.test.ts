// Values that come from parameters: defaults are checked by lint (where they are written), the
// values given at start are checked when the run starts, so no step fails on them mid-run.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../core/engine';
import { memorySettingsStore } from '../../../core/settings';
import { tempDir } from '../run/helpers';
import { errorsOf } from './fixtures';

const runbook = (params: string) => `---
id: pv
title: Param values
version: 1.0.0
params:
${params}
---
# P
## Backup is fresh {id=fresh}
\`\`\`s3-check
bucket: "{{bucket}}"
prefix: db/
max_age: "{{age}}"
min_size: "{{size}}"
\`\`\`
## Echo {id=echo}
\`\`\`bash {host=local}
echo {{bucket}}
\`\`\`
`;
const good = '  bucket: { default: backups }\n  age: { default: 25h }\n  size: { required: true }';

describe('s3-check values from parameter defaults (lint)', () => {
  it('are checked where the default is written, naming the check that uses it', () => {
    expect(errorsOf(runbook('  bucket: { default: backups }\n  age: { default: 5 days }\n  size: { default: lots }'))).toEqual([
      '7:19: default of "age": s3-check "max_age" on line 15 expects a duration like 30s, 5m, 2h, 1h30m or 1d (got "5 days")',
      '8:20: default of "size": s3-check "min_size" on line 16 expects a size like 500MB or 2GiB (got "lots")',
    ]);
  });

  it('an empty optional parameter counts as its value; a required one without a default waits for the start', () => {
    expect(errorsOf(runbook(good))).toEqual([]);
    expect(errorsOf(runbook('  bucket: {}\n  age: { default: 25h }\n  size: { required: true }'))).toEqual([
      '6:3: default of "bucket": s3-check "bucket" on line 13 expects a bucket name (got "")',
    ]);
  });
});

describe('values given at start (engine.startRun)', () => {
  let engine: Engine | undefined;
  afterEach(async () => engine?.close());

  async function start(params: Record<string, string>) {
    const lib = await tempDir('drillbook-lib-');
    await writeFile(path.join(lib, 'pv.md'), runbook(good));
    engine = await Engine.create({ dataDir: await tempDir('drillbook-data-'), runbookDirs: [lib], settings: memorySettingsStore() });
    return engine.startRun({ id: 'pv', version: '1.0.0', mode: 'drill', actor: 'jane', params });
  }

  it('refuses a value its s3-check cannot use, before the run exists', async () => {
    await expect(start({ size: 'huge', age: 'soon' })).rejects.toThrow(
      'parameter values do not fit the runbook: step "fresh": s3-check max_age: expected a duration like 30s, 5m, 2h, 1h30m or 1d (got "soon"); step "fresh": s3-check min_size: expected a size like 500MB or 2GiB (got "huge")',
    );
    expect(await engine!.listRuns()).toEqual([]);
  });

  it('refuses a NUL byte, which no shell argument can hold', async () => {
    await expect(start({ size: '1GB', bucket: 'a\0b' })).rejects.toThrow('step "echo": parameter "bucket" contains a NUL byte');
  });

  it('starts with good values', async () => {
    expect((await start({ size: '1GB' })).state.params).toEqual({ bucket: 'backups', age: '25h', size: '1GB' });
  });
});
