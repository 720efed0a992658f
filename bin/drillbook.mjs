#!/usr/bin/env node
// The package's `drillbook` command: the built bundle when there is one, else the TypeScript
// sources through tsx, so a fresh checkout works before `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/cli.mjs', import.meta.url);

if (existsSync(fileURLToPath(bundle))) {
  await import(bundle.href);
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    console.error('drillbook: dist/cli.mjs is missing and tsx is not installed; run `npm run build` first.');
    process.exit(1);
  }
  register();
  await import(new URL('../cli/main.ts', import.meta.url).href);
}
