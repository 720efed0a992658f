// The layering rules of eslint.config.mjs can fail: each one reports a deliberate violation
// (npm test lints the whole tree with zero problems allowed, in scripts/test.sh).
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root, ignore: false });

async function rules(code: string, file: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (r?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('layering (eslint.config.mjs)', { timeout: 60_000 }, () => {
  it('core/ imports no host, CLI or renderer', async () => {
    expect(await rules(`import { startServer } from '../../host/server';\nexport const x = startServer;\n`, 'core/run/x.ts')).toContain(
      'no-restricted-imports',
    );
    expect(await rules(`import { App } from '../renderer/App';\nexport const x = App;\n`, 'core/x.ts')).toContain('no-restricted-imports');
  });

  it('inside core/, only the engine imports the contract', async () => {
    expect(await rules(`import { ApiError } from '../api';\nexport const x = ApiError;\n`, 'core/run/x.ts')).toContain(
      'no-restricted-imports',
    );
    expect(await rules(`import { ApiError } from './errors';\nexport const x = ApiError;\n`, 'core/x.ts')).toEqual([]);
    expect(await rules(`import { dispatch } from './api';\nexport const x = dispatch;\n`, 'core/engine.ts')).toEqual([]);
  });

  it('the hosts are thin and the renderer has no Node and no host', async () => {
    expect(await rules(`import { x } from '../renderer/App';\nexport const y = x;\n`, 'host/x.ts')).toContain('no-restricted-imports');
    expect(await rules(`import { startServer } from '../host/server';\nexport const y = startServer;\n`, 'electron/x.ts')).toContain(
      'no-restricted-imports',
    );
    expect(await rules(`import { readFile } from 'node:fs/promises';\nexport const y = readFile;\n`, 'renderer/x.ts')).toContain(
      'no-restricted-imports',
    );
    expect(await rules(`import { serve } from '../cli/serve';\nexport const y = serve;\n`, 'renderer/x.ts')).toContain(
      'no-restricted-imports',
    );
    expect(await rules(`import { dispatch } from '../core/api';\nexport const y = dispatch;\n`, 'renderer/x.ts')).toEqual([]);
  });

  it('an import cycle is reported', async () => {
    const [r] = await eslint.lintFiles([path.join(import.meta.dirname, 'layering-fixtures/cycle-a.ts')]);
    expect(r!.messages.map((m) => m.ruleId)).toContain('import-x/no-cycle');
  });
});
