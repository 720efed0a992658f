// The engine must run in plain Node (browser mode, CLI, headless runs): nothing under core/
// may import electron, React, or touch the DOM.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forbiddenImports } from './forbidden-imports';

const root = join(import.meta.dirname, '../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.(ts|tsx|js|mjs|cjs)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

describe('core/ boundaries', () => {
  it('the checker finds every kind of forbidden use', () => {
    expect(forbiddenImports(`import { app } from 'electron';`)).toEqual(['electron']);
    expect(forbiddenImports(`const e = require("electron/main")`)).toEqual(['electron']);
    expect(forbiddenImports(`import React from 'react';\nimport 'react-dom/client'`)).toEqual(['react', 'react-dom']);
    expect(forbiddenImports(`const x = await import('zustand/react')`)).toEqual(['zustand/react']);
    expect(forbiddenImports(`document.title = 'x'; window.alert(1)`)).toEqual(['document', 'window']);
    expect(forbiddenImports(`import { z } from 'zod'; // electron is not used`)).toEqual([]);
  });

  it('no file under core/ imports electron, React or the DOM', () => {
    const files = sourceFiles(join(root, 'core'));
    expect(files.length).toBeGreaterThan(5);
    const offenders = files
      .map((f) => ({ file: relative(root, f), uses: forbiddenImports(readFileSync(f, 'utf8')) }))
      .filter((o) => o.uses.length > 0);
    expect(offenders).toEqual([]);
  });
});

describe('the contract sits on top', () => {
  // core/api.ts joins the domains' contracts for the hosts; a domain importing it back would
  // make cycles (api → domain → api). Domains use core/errors.ts and core/engine-events.ts.
  const importsApi = (source: string) => /from\s+['"](?:\.\.?\/)+(?:core\/)?api['"]|from\s+['"]\.\/api['"]/.test(source);

  it('the check sees an import of the contract', () => {
    expect(importsApi(`import { ApiError } from '../api';`)).toBe(true);
    expect(importsApi(`import type { EngineEvent } from '../../api';`)).toBe(true);
    expect(importsApi(`import { ApiError } from '../errors';`)).toBe(false);
    expect(importsApi(`import { x } from './api-helpers';`)).toBe(false);
  });

  it('inside core/, only the engine imports core/api.ts', () => {
    const offenders = sourceFiles(join(root, 'core'))
      .filter((f) => importsApi(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f))
      .filter((f) => f !== 'core/engine.ts');
    expect(offenders).toEqual([]);
  });
});
